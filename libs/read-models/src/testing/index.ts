export * from './projection-harness';
export * from './reports-app';
