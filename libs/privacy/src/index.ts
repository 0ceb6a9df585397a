export * from './personnummer';
export * from './key-vault';
export * from './lookup-hash';
export * from './pseudonym';
export * from './record-keys';
export * from './master-keys';
export * from './privacy.tokens';
export * from './privacy.module';
