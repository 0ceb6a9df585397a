export const KEY_VAULT = Symbol('KEY_VAULT');
export const LOOKUP_HASHER = Symbol('LOOKUP_HASHER');
