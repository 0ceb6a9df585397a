export * from './projection-harness';
export * from './reports-app';
export * from './random-history';
export * from './test-projections';
export * from './query-layer';
