export * from './openapi-validator';
