import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session';
import { adminNav, adminRoutes, adminStrings } from './admin';
import { journeyNav, journeyRoutes, journeyStrings } from './journey';
import { listsNav, listsRoutes, listsStrings } from './lists';
import { reportsNav, reportsRoutes, reportsStrings } from './reports';

/** Every area's routes, in the order their menus come. */
export const areaRoutes: RouteObject[] = [...listsRoutes, ...journeyRoutes, ...reportsRoutes, ...adminRoutes];

const navs = [listsNav, journeyNav, reportsNav, adminNav];
export const areaNav = (role: Role): ReadonlyArray<readonly [string, string]> => navs.flatMap((nav) => nav[role] ?? []);

/** Each area's strings under its own top-level keys. */
export const areaStrings = (language: 'sv' | 'en'): Record<string, unknown> =>
  Object.assign({}, ...[listsStrings, journeyStrings, reportsStrings, adminStrings].map((strings) => strings[language]));
