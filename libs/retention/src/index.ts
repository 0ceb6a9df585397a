export * from './gallring-rule';
export * from './gallring';
