import fc from 'fast-check';
import type { EventToAppend } from '@samspar/kernel';
import { testUuid } from '@samspar/kernel/testing';

/**
 * Random participant histories for properties of the projections: registrations, referrals and their
 * answers, journeys with enrolments, interventions, statuses, closings, re-openings and corrections.
 * They need not pass every rule of the deciders; a projection must fold whatever the log holds.
 */
export interface StreamEvents {
  readonly streamId: string;
  readonly events: EventToAppend[];
}

const ORGANISATIONS = [
  '0a000000-0000-4000-8000-000000000001',
  '0a000000-0000-4000-8000-000000000002',
  '0a000000-0000-4000-8000-000000000003',
];
const TRACKS = ['0b000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000002'];
const STATUSES = [
  'employed',
  'employed_subsidised',
  'studies_with_study_allowance',
  'job_seeking',
  'inactive_other',
  'studies_other',
];
const MOMENTS = ['entry', 'exit', 'follow_up_1m', 'follow_up_90d', 'follow_up_6m'];

const step = fc.record({
  kind: fc.constantFrom(
    'refer',
    'answer',
    'open',
    'assign',
    'enrol',
    'endEnrolment',
    'plan',
    'start',
    'finish',
    'status',
    'close',
    'reopen',
    'correct',
  ),
  pick: fc.nat(1000),
  pick2: fc.nat(1000),
  days: fc.integer({ min: 0, max: 40 }),
});

export const participantHistory = fc.record({
  gender: fc.constantFrom('kvinna', 'man', 'annat'),
  birthYear: fc.integer({ min: 1960, max: 2008 }),
  newlyArrived: fc.boolean(),
  steps: fc.array(step, { maxLength: 25 }),
});

export const regionHistory = fc.array(participantHistory, { minLength: 1, maxLength: 6 });

let counter = 0;
const uuid = (n: number): string => testUuid(n, ++counter);

/** Turns a generated history into the events of participant streams, each dated after the one before. */
export type RegionHistory = typeof regionHistory extends fc.Arbitrary<infer T> ? T : never;

export function historyEvents(history: RegionHistory, seed = 0): StreamEvents[] {
  return history.map((participant, index) => {
    const participantId = uuid(seed * 100 + index);
    let at = Date.parse('2024-01-01T08:00:00Z') + index * 3_600_000;
    const events: EventToAppend[] = [];
    const emit = (type: string, data: Record<string, unknown>): string => {
      const id = uuid(seed);
      events.push({ id, type, data, metadata: { occurredAt: new Date(at).toISOString(), schemaVersion: 1 } });
      return id;
    };
    emit('ParticipantRegistered', {
      participantId,
      organisationId: ORGANISATIONS[index % ORGANISATIONS.length],
      identity: { kind: 'anonymous', reason: 'no_consent' },
      attributes: {
        gender: participant.gender,
        birthYear: participant.birthYear,
        newlyArrived: participant.newlyArrived,
        educationBand: 'unknown',
      },
      protectedIdentity: false,
    });
    const referrals: string[] = [];
    const journeys: string[] = [];
    const enrolments: Array<{ journeyId: string; enrolmentId: string }> = [];
    const interventions: Array<{ journeyId: string; interventionId: string }> = [];
    const steps: Array<{ journeyId: string; eventId: string }> = [];
    for (const each of participant.steps) {
      at += each.days * 86_400_000 + 60_000;
      const journeyId = journeys[each.pick % Math.max(1, journeys.length)];
      switch (each.kind) {
        case 'refer': {
          const referralId = uuid(seed);
          referrals.push(referralId);
          emit('ParticipantReferred', {
            referralId,
            fromOrganisationId: ORGANISATIONS[each.pick % 3],
            toOrganisationId: ORGANISATIONS[(each.pick + 1) % 3],
            reason: 'stöd',
            deadlineAt: new Date(at + 30 * 86_400_000).toISOString(),
          });
          break;
        }
        case 'answer':
          if (referrals.length > 0) {
            const type = ['ReferralAccepted', 'ReferralDeclined', 'ReferralWithdrawn', 'ReferralExpired'][each.pick2 % 4]!;
            emit(type, {
              referralId: referrals[each.pick % referrals.length],
              ...(type === 'ReferralDeclined' ? { reason: 'no_capacity' } : {}),
            });
          }
          break;
        case 'open': {
          const id = uuid(seed);
          journeys.push(id);
          emit('JourneyOpened', { journeyId: id, organisationId: ORGANISATIONS[each.pick % 3] });
          break;
        }
        case 'assign':
          if (journeyId)
            steps.push({
              journeyId,
              eventId: emit('CaseworkerAssigned', {
                journeyId,
                caseworkerId: `cw-${each.pick2 % 4}`,
                unitId: `unit-${each.pick2 % 2}`,
              }),
            });
          break;
        case 'enrol':
          if (journeyId) {
            const enrolmentId = uuid(seed);
            enrolments.push({ journeyId, enrolmentId });
            steps.push({
              journeyId,
              eventId: emit('TrackEnrolled', { journeyId, enrolmentId, trackId: TRACKS[each.pick2 % 2] }),
            });
          }
          break;
        case 'endEnrolment':
          if (enrolments.length > 0) {
            const enrolment = enrolments[each.pick % enrolments.length]!;
            steps.push({ journeyId: enrolment.journeyId, eventId: emit('TrackEnrolmentEnded', enrolment) });
          }
          break;
        case 'plan':
          if (journeyId) {
            const interventionId = uuid(seed);
            interventions.push({ journeyId, interventionId });
            steps.push({
              journeyId,
              eventId: emit('InterventionPlanned', {
                journeyId,
                interventionId,
                type: 'praktik',
                providerOrganisationId: ORGANISATIONS[each.pick2 % 3],
              }),
            });
          }
          break;
        case 'start':
        case 'finish':
          if (interventions.length > 0) {
            const intervention = interventions[each.pick % interventions.length]!;
            const type =
              each.kind === 'start'
                ? 'InterventionStarted'
                : each.pick2 % 2
                  ? 'InterventionCompleted'
                  : 'InterventionInterrupted';
            steps.push({
              journeyId: intervention.journeyId,
              eventId: emit(type, { ...intervention, ...(type === 'InterventionInterrupted' ? { reason: 'sjuk' } : {}) }),
            });
          }
          break;
        case 'status':
          if (journeyId) {
            const status = STATUSES[each.pick2 % STATUSES.length]!;
            const enrolment = enrolments.filter((e) => e.journeyId === journeyId)[each.pick2 % 3];
            steps.push({
              journeyId,
              eventId: emit('LabourMarketStatusRecorded', {
                journeyId,
                statusId: uuid(seed),
                moment: MOMENTS[each.pick % MOMENTS.length],
                status,
                incomeSources: each.pick2 % 3 === 0 ? ['income_support'] : ['salary'],
                ...(status.startsWith('employed') ? { expectedToLastOneMonth: each.pick % 2 === 0 } : {}),
                ...(enrolment ? { enrolmentId: enrolment.enrolmentId } : {}),
              }),
            });
          }
          break;
        case 'close':
          if (journeyId) emit('JourneyClosed', { journeyId, reason: each.pick2 % 5 === 0 ? 'registration_error' : 'work' });
          break;
        case 'reopen':
          if (journeyId) emit('JourneyReopened', { journeyId });
          break;
        case 'correct':
          if (steps.length > 0) {
            const corrected = steps[each.pick % steps.length]!;
            emit('StepCorrected', { journeyId: corrected.journeyId, correctedEventId: corrected.eventId, reason: 'fel' });
          }
          break;
      }
    }
    return { streamId: `participant-${participantId}`, events };
  });
}
