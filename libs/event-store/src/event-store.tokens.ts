export const EVENT_STORE = Symbol('EVENT_STORE');
export const EVENT_STORE_CONFIG = Symbol('EVENT_STORE_CONFIG');
/** The PostgreSQL or PGlite connection that read models and projections use. */
export const SQL_CLIENT = Symbol('SQL_CLIENT');
