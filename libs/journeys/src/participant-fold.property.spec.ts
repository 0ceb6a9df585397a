import fc from 'fast-check';
import { testUuid as id } from '@samspar/kernel/testing';
import { propertyRuns } from '@samspar/event-store/testing';
import {
  ParticipantEvent,
  ParticipantFold,
  ParticipantState,
  StampedEvent,
  evolveParticipant,
  foldParticipant,
  initialParticipantState,
} from './participant';
import { StoredEvent, emptyLedger, ledgerOf, recordInLedger, sharingEventOf } from './sharing/sharing';

/**
 * Random streams as the log may hold them, rules of the deciders or not: records named again, answers to unknown
 * referrals, steps of journeys never opened, corrections of any event, a second registration, types this code
 * does not know. The in-place fold must make of them exactly what evolveParticipant makes.
 */
const ORGS = [
  '0a000000-0000-4000-8000-00000000000a',
  '0b000000-0000-4000-8000-00000000000b',
  '0C000000-0000-4000-8000-00000000000C',
];

const KINDS = [
  'register',
  'consent',
  'withdraw',
  'refer',
  'answer',
  'open',
  'assign',
  'enrol',
  'endEnrolment',
  'plan',
  'start',
  'complete',
  'interrupt',
  'status',
  'close',
  'reopen',
  'correct',
  'unknown',
] as const;

const move = fc.record({ kind: fc.nat(KINDS.length - 1), a: fc.nat(3), b: fc.nat(3), flag: fc.boolean(), pick: fc.nat() });
type Move = typeof move extends fc.Arbitrary<infer T> ? T : never;

function eventOf(next: Move, earlier: readonly string[]): ParticipantEvent | { type: 'SomethingNew'; data: object } {
  const { a, b, flag } = next;
  const org = ORGS[a % ORGS.length]!;
  const journeyId = id(2, a);
  switch (KINDS[next.kind]!) {
    case 'register':
      return {
        type: 'ParticipantRegistered',
        data: {
          participantId: id(9, 0),
          organisationId: org,
          identity: { kind: 'anonymous', reason: 'no_consent' },
          attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: flag, educationBand: 'unknown' },
          protectedIdentity: false,
        },
      };
    case 'consent':
      return {
        type: 'ConsentRecorded',
        data: {
          consentId: id(1, a),
          organisationIds: ORGS.slice(0, b + 1),
          purpose: 'samverkan',
          validFrom: '2026-01-01',
          ...(flag ? { validUntil: '2026-06-30' } : {}),
        },
      };
    case 'withdraw':
      return { type: 'ConsentWithdrawn', data: { consentId: id(1, a) } };
    case 'refer':
      return {
        type: 'ParticipantReferred',
        data: {
          referralId: id(5, a),
          fromOrganisationId: org,
          toOrganisationId: ORGS[b % ORGS.length]!,
          ...(flag ? { journeyId } : {}),
          reason: 'stöd',
          deadlineAt: '2026-03-01T00:00:00.000Z',
        },
      };
    case 'answer': {
      const referralId = id(5, a);
      if (b === 0) return { type: 'ReferralAccepted', data: { referralId } };
      if (b === 1) return { type: 'ReferralDeclined', data: { referralId, reason: 'no_capacity' } };
      return b === 2 ? { type: 'ReferralWithdrawn', data: { referralId } } : { type: 'ReferralExpired', data: { referralId } };
    }
    case 'open':
      return { type: 'JourneyOpened', data: { journeyId, organisationId: org } };
    case 'assign':
      return {
        type: 'CaseworkerAssigned',
        data: { journeyId, caseworkerId: `caseworker-${b}`, ...(flag ? { unitId: id(6, b) } : {}) },
      };
    case 'enrol':
      return { type: 'TrackEnrolled', data: { journeyId, enrolmentId: id(7, b), trackId: id(8, b) } };
    case 'endEnrolment':
      return { type: 'TrackEnrolmentEnded', data: { journeyId, enrolmentId: id(7, b) } };
    case 'plan':
      return {
        type: 'InterventionPlanned',
        data: {
          journeyId,
          interventionId: id(4, b),
          type: 'praktik',
          providerOrganisationId: ORGS[b % ORGS.length]!,
          ...(flag ? { enrolmentId: id(7, b) } : {}),
        },
      };
    case 'start':
      return { type: 'InterventionStarted', data: { journeyId, interventionId: id(4, b) } };
    case 'complete':
      return { type: 'InterventionCompleted', data: { journeyId, interventionId: id(4, b) } };
    case 'interrupt':
      return { type: 'InterventionInterrupted', data: { journeyId, interventionId: id(4, b), reason: 'sjuk' } };
    case 'status':
      return {
        type: 'LabourMarketStatusRecorded',
        data: {
          journeyId,
          statusId: id(3, b),
          moment: 'entry',
          status: 'job_seeking',
          incomeSources: ['income_support'],
          ...(flag ? { enrolmentId: id(7, b) } : {}),
        },
      };
    case 'close':
      return { type: 'JourneyClosed', data: { journeyId, reason: 'work' } };
    case 'reopen':
      return { type: 'JourneyReopened', data: { journeyId } };
    case 'correct':
      return {
        type: 'StepCorrected',
        data: { journeyId, correctedEventId: earlier[next.pick % Math.max(1, earlier.length)] ?? id(0, 0), reason: 'fel' },
      };
    case 'unknown':
      return { type: 'SomethingNew', data: { journeyId } };
  }
}

/** A registration first (mostly), then the moves, an hour apart, each recorded for one of the organisations. */
function streamOf(moves: readonly Move[], registered: boolean): StampedEvent<ParticipantEvent>[] {
  const all = registered ? [{ kind: 0, a: 0, b: 0, flag: false, pick: 0 }, ...moves] : moves;
  const events: StampedEvent<ParticipantEvent>[] = [];
  all.forEach((next, i) => {
    const occurredAt = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    const event = eventOf(
      next,
      events.map((each) => each.id),
    ) as ParticipantEvent;
    events.push({
      ...event,
      id: id(10, i),
      occurredAt,
      recordedAt: occurredAt,
      ...(next.pick % 4 === 0 ? {} : { organisationId: ORGS[next.pick % ORGS.length] }),
    });
  });
  return events;
}

const aStream = fc
  .tuple(fc.array(move, { maxLength: 60 }), fc.boolean())
  .map(([moves, unregistered]) => streamOf(moves, !unregistered || moves.length === 0));

const folded = (events: readonly StampedEvent<ParticipantEvent>[]): ParticipantState =>
  events.reduce(evolveParticipant, initialParticipantState);

/** The same state, key for key and in the same order (an answer's JSON shows the order). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('The in-place fold of a participant, for any stream', () => {
  it('makes the state evolveParticipant makes', () => {
    fc.assert(
      fc.property(aStream, (events) => {
        expectSame(foldParticipant(events), folded(events));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('leaves a state it handed out as it was, and a fork folds on from where it forked', () => {
    fc.assert(
      fc.property(aStream, fc.array(fc.nat(), { maxLength: 5 }), fc.nat(), (events, handOuts, forkAt) => {
        const at = new Set(handOuts.map((n) => n % (events.length + 1)));
        const fork = forkAt % (events.length + 1);
        const fold = new ParticipantFold();
        const handedOut: Array<{ state: ParticipantState; copy: ParticipantState; upTo: number }> = [];
        let forked: ParticipantFold | undefined;
        // The fork takes every other event after it, the fold all of them, in turn.
        const forkTook: StampedEvent<ParticipantEvent>[] = [];
        events.forEach((event, i) => {
          if (at.has(i)) handedOut.push({ state: fold.state, copy: structuredClone(fold.state), upTo: i });
          if (i === fork) forked = fold.fork();
          fold.add(event);
          if (forked && (i - fork) % 2 === 0) {
            forked.add(event);
            forkTook.push(event);
          }
        });
        const last = fold.state;

        for (const { state, copy, upTo } of handedOut) {
          expectSame(state, copy);
          expectSame(state, folded(events.slice(0, upTo)));
        }
        if (forked) expectSame(forked.state, folded([...events.slice(0, fork), ...forkTook]));
        expectSame(last, folded(events));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('leaves evolveParticipant pure: the state it is given stays as it was', () => {
    fc.assert(
      fc.property(aStream, (events) => {
        let state = initialParticipantState;
        for (const event of events) {
          const before = structuredClone(state);
          const after = evolveParticipant(state, event);
          expectSame(state, before);
          state = after;
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('makes the same sharing ledger in ledgerOf as recordInLedger makes event by event', () => {
    fc.assert(
      fc.property(aStream, (events) => {
        const stored: StoredEvent[] = events.map((event) => ({
          id: event.id,
          type: event.type,
          data: event.data,
          recordedAt: event.recordedAt!,
          metadata: {
            occurredAt: event.occurredAt,
            ...(event.organisationId ? { actor: { organisationId: event.organisationId } } : {}),
          },
        }));
        const byEvent = stored.reduce((ledger, event) => recordInLedger(ledger, sharingEventOf(event)), emptyLedger);
        expectSame(ledgerOf(stored).ledger, byEvent);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
