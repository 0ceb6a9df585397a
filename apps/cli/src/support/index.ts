export * from './arguments';
export * from './command';
export * from './database';
export * from './usage-error';
