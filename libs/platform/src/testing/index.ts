export * from './openapi-validator';
export * from './documented-request';
