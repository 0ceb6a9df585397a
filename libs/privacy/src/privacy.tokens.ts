export const KEY_VAULT = Symbol('KEY_VAULT');
export const LOOKUP_HASHER = Symbol('LOOKUP_HASHER');
/** The evaluators' Pseudonymiser: participant ids in what they read are replaced by its pseudonyms. */
export const PSEUDONYMISER = Symbol('PSEUDONYMISER');
/** RecordKeys: each participant's fixed random key for the reports' cell key method. */
export const RECORD_KEYS = Symbol('RECORD_KEYS');
