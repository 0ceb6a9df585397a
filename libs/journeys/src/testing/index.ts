export * from './decider-spec';
export * from './http-app';
