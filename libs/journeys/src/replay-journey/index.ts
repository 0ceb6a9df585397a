export * from './as-of';
export * from './journey-history';
export * from './replay-journey';
