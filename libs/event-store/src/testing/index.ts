export * from './test-environment';
export * from './event-store.contract';
export * from './built-apps';
export * from './throwaway-cluster';
