export * from './test-uuid';
