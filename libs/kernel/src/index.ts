export * from './errors';
export * from './envelope';
export * from './position';
export * from './decider';
export * from './clock';
export * from './ids';
export * from './dates';
