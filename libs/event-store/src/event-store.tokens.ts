export const EVENT_STORE = Symbol('EVENT_STORE');
export const EVENT_STORE_CONFIG = Symbol('EVENT_STORE_CONFIG');
/** The PostgreSQL or PGlite connection that read models and projections use. */
export const SQL_CLIENT = Symbol('SQL_CLIENT');
/**
 * The connection that report and list queries read the read models through: a PostgreSQL hot standby when
 * REPORTS_DATABASE_URL is set, else SQL_CLIENT itself. Never written through.
 */
export const REPORTS_SQL_CLIENT = Symbol('REPORTS_SQL_CLIENT');
