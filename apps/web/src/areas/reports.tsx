import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';

/** The reports area's routes, menu entries and strings; App, Layout and i18n gather every area's. */
export const reportsRoutes: RouteObject[] = [];

export const reportsNav: AreaNav = {};

export const reportsStrings = { sv: {}, en: {} };
