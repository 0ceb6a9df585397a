import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';

/** The lists area's routes, menu entries and strings; App, Layout and i18n gather every area's. */
export const listsRoutes: RouteObject[] = [];

export const listsNav: AreaNav = {};

export const listsStrings = { sv: {}, en: {} };
