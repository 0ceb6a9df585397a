import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';

/** The admin area's routes, menu entries and strings; App, Layout and i18n gather every area's. */
export const adminRoutes: RouteObject[] = [];

export const adminNav: AreaNav = {};

export const adminStrings = { sv: {}, en: {} };
