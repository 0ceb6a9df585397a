export * from './gallring-rule';
export * from './gallring';
export type { LastEntrySource } from './last-entries';
