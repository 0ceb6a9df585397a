import type { CommandResult, CreatedKind, CreatedRecord } from '@samspar/platform';
import type { CommandOutcome, RecordedStep } from '../command-handling';
import { isJourneyStep } from '../participant';

/** For each event that creates a record: the kind, and the field of its data that holds the new id. */
const CREATING_EVENTS: Readonly<Record<string, readonly [CreatedKind, string]>> = {
  ParticipantRegistered: ['participant', 'participantId'],
  ConsentRecorded: ['consent', 'consentId'],
  ParticipantReferred: ['referral', 'referralId'],
  JourneyOpened: ['journey', 'journeyId'],
  TrackEnrolled: ['enrolment', 'enrolmentId'],
  InterventionPlanned: ['intervention', 'interventionId'],
  LabourMarketStatusRecorded: ['status', 'statusId'],
  OrganisationRegistered: ['organisation', 'organisationId'],
  UnitAdded: ['unit', 'unitId'],
  TrackDefined: ['track', 'trackId'],
};

/** The record an event created, if it created one. */
export function createdBy(event: RecordedStep): CreatedRecord | undefined {
  const creating = CREATING_EVENTS[event.type];
  if (!creating) return undefined;
  const [kind, field] = creating;
  const id = (event.data as Record<string, unknown> | null)?.[field];
  return typeof id === 'string' ? { kind, id } : undefined;
}

/**
 * The answer to a command: the aggregate's id, revision and position, the events' ids, what the command created
 * and, for a journey step, the event id a correction names.
 */
export function commandAnswer(id: string, outcome: CommandOutcome<unknown>): CommandResult {
  const made = outcome.recorded.map(createdBy).find((each) => each !== undefined);
  const step = outcome.recorded.find((event) => isJourneyStep(event));
  return {
    id,
    revision: outcome.revision,
    position: outcome.position!,
    eventIds: outcome.eventIds,
    ...(made ? { created: made } : {}),
    ...(step ? { stepEventId: step.id } : {}),
  };
}
