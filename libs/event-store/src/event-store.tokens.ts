export const EVENT_STORE = Symbol('EVENT_STORE');
export const EVENT_STORE_CONFIG = Symbol('EVENT_STORE_CONFIG');
