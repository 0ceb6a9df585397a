export * from './pseudonymised-event';
export * from './export-stream';
export * from './evaluation-events.query.dto';
export * from './evaluation-events.controller';
