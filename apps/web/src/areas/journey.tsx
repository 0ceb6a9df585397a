import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';

/** The journey page's route is in App.tsx; its strings are in journey.strings.ts. */
export const journeyRoutes: RouteObject[] = [];

export const journeyNav: AreaNav = {};
