import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError } from '@samspar/kernel';
import { evolveParticipant, initialParticipantState } from '../participant';
import type { ParticipantEvent, ParticipantState } from '../participant';
import { recordLabourMarketStatusDecider } from '../record-labour-market-status/record-labour-market-status';
import { startInterventionDecider } from '../start-intervention/start-intervention';
import { StoredEvent, inForceBetween, ownedEvents, readableEvents } from './sharing';

// The example timeline of the README's "Who sees what".
const A = 'a0000000-0000-4000-8000-00000000000a'; // Socialtjänsten: registers, records the consent, refers
const B = 'b0000000-0000-4000-8000-00000000000b'; // AME: accepts and runs the journey
const C = 'c0000000-0000-4000-8000-00000000000c'; // an organisation the consent never names
const G = 'd0000000-0000-4000-8000-00000000000d'; // a provider in a neighbouring municipality (GR)
const P = 'e0000000-0000-4000-8000-00000000000e';
const J = 'f0000000-0000-4000-8000-00000000000f';
const consentId = '10000000-0000-4000-8000-000000000001';
const referralId = '10000000-0000-4000-8000-000000000002';
const interventionId = '10000000-0000-4000-8000-000000000003';

const event = (type: string, data: object, recordedAt: string, by: string): StoredEvent & { readonly label: string } => ({
  id: randomUUID(),
  label: type,
  type,
  data,
  recordedAt,
  metadata: { occurredAt: recordedAt, actor: { organisationId: by } },
});

const log = [
  event(
    'ParticipantRegistered',
    {
      participantId: P,
      organisationId: A,
      identity: { kind: 'anonymous', reason: 'no_consent' },
      attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'isced_3_4' },
      protectedIdentity: false,
    },
    '2026-01-05T08:00:00.000Z',
    A,
  ),
  event(
    'ConsentRecorded',
    { consentId, organisationIds: [B, G], purpose: 'samverkan_arbete', validFrom: '2026-01-05' },
    '2026-01-05T09:00:00.000Z',
    A,
  ),
  event(
    'ParticipantReferred',
    {
      referralId,
      fromOrganisationId: A,
      toOrganisationId: B,
      reason: 'work_preparation',
      deadlineAt: '2026-02-05T09:00:00.000Z',
    },
    '2026-01-05T10:00:00.000Z',
    A,
  ),
  event('ReferralAccepted', { referralId }, '2026-01-12T08:00:00.000Z', B),
  event('JourneyOpened', { journeyId: J, organisationId: B }, '2026-01-12T09:00:00.000Z', B),
  event(
    'LabourMarketStatusRecorded',
    { journeyId: J, statusId: randomUUID(), moment: 'entry', status: 'job_seeking', incomeSources: ['income_support'] },
    '2026-01-12T10:00:00.000Z',
    B,
  ),
  event(
    'InterventionPlanned',
    { journeyId: J, interventionId, type: 'arbetstraning', providerOrganisationId: G },
    '2026-01-13T10:00:00.000Z',
    B,
  ),
  event('ConsentWithdrawn', { consentId }, '2026-03-02T08:00:00.000Z', A),
  event(
    'LabourMarketStatusRecorded',
    {
      journeyId: J,
      statusId: randomUUID(),
      moment: 'exit',
      status: 'employed',
      incomeSources: ['salary'],
      expectedToLastOneMonth: true,
    },
    '2026-04-01T08:00:00.000Z',
    B,
  ),
];

const NOW = '2026-05-01T12:00:00.000Z';
const seenBy = (organisationId: string, now = NOW) =>
  readableEvents(log, organisationId, now).events.map((each) => `${each.label} ${each.recordedAt.slice(5, 10)}`);

describe('Who reads which record', () => {
  describe('Given A registered, consented and referred; B accepted and ran the journey; A recorded the withdrawal on 2 March', () => {
    it('gives A its own records, and what B recorded before the withdrawal', () => {
      expect(seenBy(A)).toEqual([
        'ParticipantRegistered 01-05',
        'ConsentRecorded 01-05',
        'ParticipantReferred 01-05',
        'ReferralAccepted 01-12',
        'JourneyOpened 01-12',
        'LabourMarketStatusRecorded 01-12',
        'InterventionPlanned 01-13',
        'ConsentWithdrawn 03-02',
      ]);
    });

    it('gives B its whole journey, and what A recorded before the withdrawal, not the withdrawal itself', () => {
      expect(seenBy(B)).toEqual([
        'ParticipantRegistered 01-05',
        'ConsentRecorded 01-05',
        'ParticipantReferred 01-05',
        'ReferralAccepted 01-12',
        'JourneyOpened 01-12',
        'LabourMarketStatusRecorded 01-12',
        'InterventionPlanned 01-13',
        'LabourMarketStatusRecorded 04-01',
      ]);
    });

    it('gives an organisation the consent never named nothing at all', () => {
      expect(seenBy(C)).toEqual([]);
    });

    it('shows each side, as of a day before the withdrawal, everything recorded by then', () => {
      expect(readableEvents(log.slice(0, 7), A, '2026-02-01T00:00:00.000Z').events).toHaveLength(7);
      expect(readableEvents(log.slice(0, 7), B, '2026-02-01T00:00:00.000Z').events).toHaveLength(7);
    });

    it('names the consent that let a record cross, for the audit log', () => {
      expect(readableEvents(log, A, NOW).consentIds).toEqual([consentId]);
      expect(readableEvents(log.slice(0, 1), A, NOW).consentIds).toEqual([]);
    });

    it('gives an evaluator of A only what A owns, whatever was shared', () => {
      expect(ownedEvents(log, [A.toUpperCase()]).map((each) => each.label)).toEqual([
        'ParticipantRegistered',
        'ConsentRecorded',
        'ParticipantReferred',
        'ConsentWithdrawn',
      ]);
    });
  });

  describe('When a consent has an end date', () => {
    const ending = { consentId, organisations: [A, B], validFrom: '2026-01-01', validUntil: '2026-01-31' };

    it('is in force through its last day in Sweden, and not after', () => {
      // 31 January 23:30 in Sweden is 22:30 UTC.
      expect(inForceBetween(ending, '2026-01-31T22:30:00.000Z', NOW)).toBe(true);
      expect(inForceBetween(ending, '2026-01-31T23:30:00.000Z', NOW)).toBe(false);
    });
  });
});

describe('Who writes into which record', () => {
  const state = (events: typeof log): ParticipantState =>
    events.reduce(
      (folded, each) =>
        evolveParticipant(folded, {
          type: each.type,
          data: each.data,
          id: each.id,
          occurredAt: each.metadata.occurredAt,
          recordedAt: each.recordedAt,
          organisationId: each.metadata.actor!.organisationId!,
        } as never as ParticipantEvent & { id: string; occurredAt: string }),
      initialParticipantState,
    );
  const status = {
    kind: 'RecordLabourMarketStatus' as const,
    participantId: P,
    journeyId: J,
    statusId: randomUUID(),
    moment: 'follow_up_1m' as const,
    status: 'employed' as const,
    incomeSources: ['salary' as const],
    expectedToLastOneMonth: true,
  };
  const by = (organisationId: string, at = NOW) => ({
    occurredAt: at,
    now: at,
    actor: { userId: 'u', role: 'caseworker', organisationId },
  });
  const decide =
    (organisationId: string, events = log) =>
    () =>
      recordLabourMarketStatusDecider.decide(status, state(events), by(organisationId));

  it('lets the organisation running the journey record in it, also after the withdrawal', () => {
    expect(decide(B)()).toHaveLength(1);
  });

  it('refuses A, which sees the journey but does not own it, with 403 not-record-owner, before and after the withdrawal', () => {
    expect(decide(A, log.slice(0, 7))).toThrow(expect.objectContaining({ rule: 'not-record-owner' }));
    expect(decide(A)).toThrow(ForbiddenError);
  });

  it('answers C as if there were no such participant', () => {
    expect(decide(C)).toThrow(expect.objectContaining({ rule: 'participant-not-found' }));
    expect(decide(C)).toThrow(NotFoundError);
  });

  it('lets the provider record the start of its own intervention only while a consent covers it', () => {
    const start = { kind: 'StartIntervention' as const, participantId: P, journeyId: J, interventionId };
    const before = log.slice(0, 7);
    expect(startInterventionDecider.decide(start, state(before), by(G, '2026-02-01T08:00:00.000Z'))).toHaveLength(1);
    expect(() => startInterventionDecider.decide(start, state(log), by(G))).toThrow(
      expect.objectContaining({ rule: 'not-record-owner' }),
    );
    expect(() => recordLabourMarketStatusDecider.decide(status, state(before), by(G, '2026-02-01T08:00:00.000Z'))).toThrow(
      expect.objectContaining({ rule: 'not-record-owner' }),
    );
  });
});
