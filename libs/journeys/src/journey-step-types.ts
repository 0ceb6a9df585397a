// Apart from participant.ts, so that the sharing ledger, which participant.ts imports, names them without a cycle.

/** Events that record something done within a journey, and that a StepCorrected may void. */
export const JOURNEY_STEP_TYPES = [
  'CaseworkerAssigned',
  'TrackEnrolled',
  'TrackEnrolmentEnded',
  'InterventionPlanned',
  'InterventionStarted',
  'InterventionCompleted',
  'InterventionInterrupted',
  'LabourMarketStatusRecorded',
] as const;

export type JourneyStepType = (typeof JOURNEY_STEP_TYPES)[number];
