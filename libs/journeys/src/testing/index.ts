export * from './decider-spec';
export * from './http-app';
// Example events and commands, for specs in other libs (e.g. read-model projections).
export * as participantExamples from '../participant.examples';
export * as journeyStepExamples from '../journey-steps.examples';
export * as catalogueExamples from '../catalogue.examples';
