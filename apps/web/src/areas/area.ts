import type { Role } from '../auth/session';

/** Menu entries an area adds, per role: [path, i18n key], after the common ones. */
export type AreaNav = Partial<Record<Role, ReadonlyArray<readonly [string, string]>>>;
