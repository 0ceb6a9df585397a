export * from './vocabulary';
export * from './participant';
export * from './command-handling';
export * from './participant-registry';
export * from './participant-access';
