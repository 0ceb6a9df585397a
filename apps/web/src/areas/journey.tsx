import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';

/** The journey area's routes, menu entries and strings; App, Layout and i18n gather every area's. */
export const journeyRoutes: RouteObject[] = [];

export const journeyNav: AreaNav = {};

export const journeyStrings = { sv: {}, en: {} };
