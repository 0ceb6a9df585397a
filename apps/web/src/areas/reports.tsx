import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';
import { pageRoute } from './route';

const READERS = ['manager', 'evaluator'] as const;

export const reportsRoutes: RouteObject[] = [
  pageRoute('/rapporter', () => import('../pages/reports/ReportsPage'), 'ReportsPage', READERS),
  pageRoute('/rapporter/:report', () => import('../pages/reports/ReportPage'), 'ReportPage', READERS),
];

export const reportsNav: AreaNav = {
  manager: [['/rapporter', 'reports.nav']],
  evaluator: [['/rapporter', 'reports.nav']],
};
