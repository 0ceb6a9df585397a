export const KEY_VAULT = Symbol('KEY_VAULT');
export const LOOKUP_HASHER = Symbol('LOOKUP_HASHER');
/** The evaluators' Pseudonymiser: participant ids in what they read are replaced by its pseudonyms. */
export const PSEUDONYMISER = Symbol('PSEUDONYMISER');
