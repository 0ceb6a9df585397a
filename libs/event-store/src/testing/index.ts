export * from './test-environment';
export * from './event-store.contract';
