export * from './export/pseudonymised-event';
export * from './export/export-stream';
export * from './export/evaluation-events.query.dto';
export * from './replay/journey-history';
export * from './replay/replay-journey';
export * from './replay/journey-reads';
export * from './evaluation.module';
