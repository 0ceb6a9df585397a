import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session';
import { adminNav, adminRoutes } from './admin';
import { journeyNav, journeyRoutes } from './journey';
import { listsNav, listsRoutes } from './lists';
import { reportsNav, reportsRoutes } from './reports';

/** Every area's routes, in the order their menus come. */
export const areaRoutes: RouteObject[] = [...listsRoutes, ...journeyRoutes, ...reportsRoutes, ...adminRoutes];

const navs = [listsNav, journeyNav, reportsNav, adminNav];
export const areaNav = (role: Role): ReadonlyArray<readonly [string, string]> => navs.flatMap((nav) => nav[role] ?? []);
