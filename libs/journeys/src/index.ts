export * from './vocabulary';
export * from './participant';
export * from './command-handling';
