export * from './random';
export * from './decided-stream';
export * from './region';
export * from './outcomes-model';
export * from './outcome-tally';
export * from './participant-story';
export * from './participant-stream';
export * from './generate-demo-data';
