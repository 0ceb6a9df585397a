export * from './personnummer';
export * from './key-vault';
export * from './lookup-hash';
export * from './pseudonym';
export * from './master-keys';
export * from './privacy.tokens';
export * from './privacy.module';
