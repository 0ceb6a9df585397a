export * from './config/app-config';
export * from './config/config.module';
export * from './health/health.module';
export * from './http/logging';
export * from './http/problem-details.filter';
export * from './http/request-validation';
