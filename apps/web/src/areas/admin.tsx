import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';
import { pageRoute } from './route';

const admin = () => import('../pages/admin/AdminPages');

/** The admin's pages, and the evaluator's export. */
export const adminRoutes: RouteObject[] = [
  pageRoute('/admin/organisationer', admin, 'OrganisationsPage', ['admin']),
  pageRoute('/admin/spar', admin, 'TracksPage', ['admin']),
  pageRoute('/admin/granskning', admin, 'AuditPage', ['admin']),
  pageRoute('/admin/lasmodeller', admin, 'ReadModelsPage', ['admin']),
  pageRoute('/utvardering/export', () => import('../pages/admin/ExportPage'), 'ExportPage', ['evaluator']),
];

export const adminNav: AreaNav = {
  admin: [
    ['/admin/organisationer', 'admin.organisations'],
    ['/admin/spar', 'admin.tracks'],
    ['/admin/granskning', 'admin.audit'],
    ['/admin/lasmodeller', 'admin.readModels'],
  ],
  evaluator: [['/utvardering/export', 'evaluation.nav']],
};
