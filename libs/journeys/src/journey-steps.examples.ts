import { CommandContext } from './command-handling';
import { ParticipantEvent, StampedEvent } from './participant';
import { caseworkerOf, contextAt, happened } from './testing/decider-spec';
import { ClosingReason } from './vocabulary';

/** Example facts for the journey-step specs: one anonymous participant of a labour-market unit, on one journey. */

export const ids = {
  /** The labour-market unit that registers the participant and opens the journey. */
  organisation: '487320df-0015-4c42-958b-2f292ec6f17d',
  /** An organisation with neither a consent nor a referral for the participant. */
  otherOrganisation: '11f7af8b-8c9d-49ca-a215-4e8de7a3461f',
  /** A provider in a neighbouring municipality. */
  provider: '0576e62a-0a63-4319-a761-59563f189e30',
  participant: '1e68c8d1-8dd2-4fe4-9ae7-57fdc30f7ce1',
  journey: '1e93b1ec-114a-41bd-b831-dca847926fdd',
  nextJourney: 'dc7ccbd8-949b-482e-a83d-a63c0df44a61',
  unit: '6ff61d8e-36ce-41c6-8c94-41cf5129f814',
  track: '9787ecf3-9514-421a-80f5-9962123f1bef',
  enrolment: '00956676-1780-4471-960b-5f74a3c0e533',
  nextEnrolment: 'fff4458c-ec20-429d-9ad7-1390b2513793',
  intervention: '8d9facb2-4b00-4e78-8114-54ac0e39eab2',
  nextIntervention: 'a06b1d08-91b9-45a7-bb97-f51c77c28203',
  status: 'a5dd0dc4-8322-4d24-8f5c-c83d71e6242b',
  nextStatus: '13d66a21-edd8-426a-ba42-85672116f70d',
} as const;

/** Ids of the stored step events, so that a correction can name one. */
export const eventIds = {
  caseworkerAssigned: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a01',
  trackEnrolled: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a02',
  interventionPlanned: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a03',
  interventionStarted: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a04',
  entryStatusRecorded: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a05',
  exitStatusRecorded: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a06',
  stepCorrected: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a07',
} as const;

/** When each example fact happened, in the order a journey runs. */
export const at = {
  registered: '2025-01-13T08:00:00.000Z',
  beforeOpened: '2025-01-14T08:59:59.999Z',
  opened: '2025-01-14T09:00:00.000Z',
  assigned: '2025-01-14T10:00:00.000Z',
  entry: '2025-01-14T10:30:00.000Z',
  enrolled: '2025-01-20T08:00:00.000Z',
  planned: '2025-01-21T08:00:00.000Z',
  started: '2025-02-03T08:00:00.000Z',
  ended: '2025-03-28T15:00:00.000Z',
  exit: '2025-04-01T12:00:00.000Z',
  closed: '2025-04-01T13:00:00.000Z',
  followUp: '2025-05-02T09:00:00.000Z',
  reentry: '2025-09-01T09:00:00.000Z',
  now: '2025-10-01T12:00:00.000Z',
} as const;

/** A caseworker of the opening organisation, recording a step dated `occurredAt`. */
export const byCaseworker = (occurredAt: string, now: string = at.now): CommandContext =>
  contextAt(occurredAt, caseworkerOf(ids.organisation), now);

type EventOf<Type extends ParticipantEvent['type']> = Extract<ParticipantEvent, { type: Type }>;

export const participantRegistered = (): EventOf<'ParticipantRegistered'> => ({
  type: 'ParticipantRegistered',
  data: {
    participantId: ids.participant,
    organisationId: ids.organisation,
    identity: { kind: 'anonymous', reason: 'no_consent' },
    attributes: { gender: 'kvinna', birthYear: 1991, newlyArrived: true, educationBand: 'isced_0_2', homeMunicipality: '0484' },
    protectedIdentity: false,
  },
});

export const journeyOpened = (journeyId: string = ids.journey): EventOf<'JourneyOpened'> => ({
  type: 'JourneyOpened',
  data: { journeyId, organisationId: ids.organisation },
});

export const caseworkerAssigned = (): EventOf<'CaseworkerAssigned'> => ({
  type: 'CaseworkerAssigned',
  data: { journeyId: ids.journey, caseworkerId: 'caseworker-1', unitId: ids.unit },
});

export const trackEnrolled = (enrolmentId: string = ids.enrolment): EventOf<'TrackEnrolled'> => ({
  type: 'TrackEnrolled',
  data: { journeyId: ids.journey, enrolmentId, trackId: ids.track },
});

export const trackEnrolmentEnded = (enrolmentId: string = ids.enrolment): EventOf<'TrackEnrolmentEnded'> => ({
  type: 'TrackEnrolmentEnded',
  data: { journeyId: ids.journey, enrolmentId },
});

export const interventionPlanned = (interventionId: string = ids.intervention): EventOf<'InterventionPlanned'> => ({
  type: 'InterventionPlanned',
  data: {
    journeyId: ids.journey,
    interventionId,
    type: 'arbetstraning',
    providerOrganisationId: ids.provider,
    enrolmentId: ids.enrolment,
  },
});

export const interventionStarted = (): EventOf<'InterventionStarted'> => ({
  type: 'InterventionStarted',
  data: { journeyId: ids.journey, interventionId: ids.intervention },
});

export const interventionCompleted = (): EventOf<'InterventionCompleted'> => ({
  type: 'InterventionCompleted',
  data: { journeyId: ids.journey, interventionId: ids.intervention },
});

export const interventionInterrupted = (): EventOf<'InterventionInterrupted'> => ({
  type: 'InterventionInterrupted',
  data: { journeyId: ids.journey, interventionId: ids.intervention, reason: 'illness' },
});

export const entryStatusRecorded = (): EventOf<'LabourMarketStatusRecorded'> => ({
  type: 'LabourMarketStatusRecorded',
  data: {
    journeyId: ids.journey,
    statusId: ids.status,
    moment: 'entry',
    status: 'job_seeking',
    incomeSources: ['income_support'],
  },
});

export const exitStatusRecorded = (): EventOf<'LabourMarketStatusRecorded'> => ({
  type: 'LabourMarketStatusRecorded',
  data: {
    journeyId: ids.journey,
    statusId: ids.nextStatus,
    moment: 'exit',
    status: 'employed',
    incomeSources: ['salary'],
    expectedToLastOneMonth: true,
  },
});

export const journeyClosed = (reason: ClosingReason = 'work'): EventOf<'JourneyClosed'> => ({
  type: 'JourneyClosed',
  data: { journeyId: ids.journey, reason },
});

export const journeyReopened = (): EventOf<'JourneyReopened'> => ({
  type: 'JourneyReopened',
  data: { journeyId: ids.journey },
});

/** The example facts as the fold sees them, stamped with when they happened. */
export const past = {
  participantRegistered: happened<ParticipantEvent>(participantRegistered(), at.registered),
  journeyOpened: happened<ParticipantEvent>(journeyOpened(), at.opened),
  caseworkerAssigned: happened<ParticipantEvent>(caseworkerAssigned(), at.assigned, eventIds.caseworkerAssigned),
  entryStatusRecorded: happened<ParticipantEvent>(entryStatusRecorded(), at.entry, eventIds.entryStatusRecorded),
  trackEnrolled: happened<ParticipantEvent>(trackEnrolled(), at.enrolled, eventIds.trackEnrolled),
  interventionPlanned: happened<ParticipantEvent>(interventionPlanned(), at.planned, eventIds.interventionPlanned),
  interventionStarted: happened<ParticipantEvent>(interventionStarted(), at.started, eventIds.interventionStarted),
  interventionCompleted: happened<ParticipantEvent>(interventionCompleted(), at.ended),
  interventionInterrupted: happened<ParticipantEvent>(interventionInterrupted(), at.ended),
  trackEnrolmentEnded: happened<ParticipantEvent>(trackEnrolmentEnded(), at.ended),
  exitStatusRecorded: happened<ParticipantEvent>(exitStatusRecorded(), at.exit, eventIds.exitStatusRecorded),
  journeyClosed: happened<ParticipantEvent>(journeyClosed(), at.closed),
  /** Closed as a registration error: allowed with an enrolment active and an intervention started. */
  journeyClosedInError: happened<ParticipantEvent>(journeyClosed('registration_error'), at.closed),
  nextJourneyOpened: happened<ParticipantEvent>(journeyOpened(ids.nextJourney), at.reentry),
} satisfies Record<string, StampedEvent<ParticipantEvent>>;

export const anOpenJourney: readonly StampedEvent<ParticipantEvent>[] = [past.participantRegistered, past.journeyOpened];

/** An open journey with an active enrolment and a planned intervention under it. */
export const aPlannedIntervention: readonly StampedEvent<ParticipantEvent>[] = [
  ...anOpenJourney,
  past.trackEnrolled,
  past.interventionPlanned,
];

export const aStartedIntervention: readonly StampedEvent<ParticipantEvent>[] = [
  ...aPlannedIntervention,
  past.interventionStarted,
];

/** A journey that ran its whole course and closed with work. */
export const aClosedJourney: readonly StampedEvent<ParticipantEvent>[] = [
  ...anOpenJourney,
  past.entryStatusRecorded,
  past.trackEnrolled,
  past.interventionPlanned,
  past.interventionStarted,
  past.interventionCompleted,
  past.trackEnrolmentEnded,
  past.exitStatusRecorded,
  past.journeyClosed,
];

/** Re-entry: a second journey, opened after the first one closed. */
export const aReentry: readonly StampedEvent<ParticipantEvent>[] = [...aClosedJourney, past.nextJourneyOpened];
