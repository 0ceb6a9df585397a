export * from './decider-spec';
export * from './http-app';
export * from '../catalogue.examples';
// Both name their own participantRegistered, journeyOpened and journeyClosed.
export * as journeySteps from '../journey-steps.examples';
export * as participantExamples from '../participant.examples';
