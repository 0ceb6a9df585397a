import fc from 'fast-check';
import { propertyRuns } from '@samspar/event-store/testing';
import type { RecordedEvent } from '@samspar/kernel';
import { stamp } from '@samspar/journeys';
import { journeySteps } from '@samspar/journeys/testing';
const {
  at,
  caseworkerAssigned,
  entryStatusRecorded,
  exitStatusRecorded,
  ids,
  interventionCompleted,
  interventionInterrupted,
  interventionPlanned,
  interventionStarted,
  journeyClosed,
  journeyOpened,
  journeyReopened,
  participantRegistered,
  trackEnrolled,
  trackEnrolmentEnded,
} = journeySteps;
import { ParticipantEvent, ParticipantState, evolveParticipant, initialParticipantState, isJourneyStep } from '@samspar/journeys';
import { streamOf } from './history.examples';
import { journeyHistory, journeyOf, journeyState, journeySummary, knownAsOf } from './journey-history';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.parse(at.opened);

/** The steps and other journey facts a history is drawn from; a correction names an earlier step by index. */
const FACTS: ReadonlyArray<() => ParticipantEvent> = [
  caseworkerAssigned,
  entryStatusRecorded,
  exitStatusRecorded,
  () => trackEnrolled(),
  () => trackEnrolled(ids.nextEnrolment),
  () => trackEnrolmentEnded(),
  () => interventionPlanned(),
  () => interventionPlanned(ids.nextIntervention),
  interventionStarted,
  interventionCompleted,
  interventionInterrupted,
  () => journeyClosed(),
  journeyReopened,
  () => journeyOpened(ids.nextJourney),
];

type Move =
  | { kind: 'fact'; fact: number; delayMinutes: number; backdatedMinutes: number }
  | { kind: 'correct'; step: number; delayMinutes: number; backdatedMinutes: number };

const timing = {
  delayMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  backdatedMinutes: fc.integer({ min: 0, max: 14 * 24 * 60 }),
};
const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fact' as const), fact: fc.nat(FACTS.length - 1), ...timing }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), step: fc.nat(), ...timing }) },
);

/**
 * A stream recorded in time order (the log's order), each event dated up to 14 days back: steps arrive late,
 * and corrections void steps recorded earlier, some of them already corrected.
 */
function historyOf(moves: readonly Move[]): RecordedEvent[] {
  const stream = streamOf(ids.participant);
  stream.record(participantRegistered(), at.registered);
  stream.record(journeyOpened(), at.opened);
  let recordedAt = START;
  const steps: string[] = [];
  for (const next of moves) {
    recordedAt += next.delayMinutes * MINUTE;
    const occurredAt = new Date(Math.max(START, recordedAt - next.backdatedMinutes * MINUTE)).toISOString();
    const when = new Date(recordedAt).toISOString();
    if (next.kind === 'correct') {
      if (steps.length === 0) continue;
      const correctedEventId = steps[next.step % steps.length]!;
      stream.record(
        { type: 'StepCorrected', data: { journeyId: ids.journey, correctedEventId, reason: 'wrong step' } },
        occurredAt,
        when,
      );
    } else {
      const event = stream.record(FACTS[next.fact]!(), occurredAt, when);
      if (isJourneyStep(event)) steps.push(event.id);
    }
  }
  return stream.events;
}

const fold = (events: readonly RecordedEvent[]): ParticipantState =>
  events.reduce((state, event) => evolveParticipant(state, stamp<ParticipantEvent>(event)), initialParticipantState);

const aHistoryAndAnInstant = fc.array(move, { minLength: 0, maxLength: 40 }).chain((moves) => {
  const events = historyOf(moves);
  const last = Date.parse(events[events.length - 1]!.recordedAt);
  return fc.tuple(
    fc.constant(events),
    fc.integer({ min: START - DAY, max: last + DAY }).map((t) => new Date(t)),
  );
});

describe('journeyHistory, for any history with late steps and corrections', () => {
  it('gives as of T exactly the fold of the events recorded and happened by T, in log order', () => {
    fc.assert(
      fc.property(aHistoryAndAnInstant, ([events, asOf]) => {
        const history = journeyHistory(events, ids.journey, { asOf })!;
        const counted = events.filter((event) => knownAsOf(event, asOf.getTime()));
        const expected = journeyOf(fold(counted), ids.journey);
        expect(history.stateAsOf).toEqual(expected ? journeyState(expected) : null);
        expect(history.entries.filter((entry) => entry.knownAsOf).map((entry) => entry.eventId)).toEqual(
          counted.filter((event) => history.entries.some((entry) => entry.eventId === event.id)).map((event) => event.id),
        );
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('gives after each event the fold of the log up to it, and now the fold of it all', () => {
    fc.assert(
      fc.property(aHistoryAndAnInstant, ([events]) => {
        const history = journeyHistory(events, ids.journey)!;
        for (const entry of history.entries) {
          const upTo = journeyOf(fold(events.slice(0, entry.revision + 1)), ids.journey);
          expect(entry.stateAfter).toEqual(upTo ? journeyState(upTo) : null);
        }
        expect(history.stateNow).toEqual(journeyState(journeyOf(fold(events), ids.journey)!));
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('with summaries, gives after each event the summary of the fold of the log up to it', () => {
    const pseudonym = (id: string) => `p(${id})`;
    fc.assert(
      fc.property(aHistoryAndAnInstant, ([events, asOf]) => {
        const history = journeyHistory(events, ids.journey, { asOf, states: 'summary', pseudonym })!;
        for (const entry of history.entries) {
          const upTo = journeyOf(fold(events.slice(0, entry.revision + 1)), ids.journey);
          expect(entry.stateAfter).toEqual(upTo ? journeySummary(upTo, pseudonym) : null);
        }
        const counted = journeyOf(fold(events.filter((event) => knownAsOf(event, asOf.getTime()))), ids.journey);
        expect(history.stateAsOf).toEqual(counted ? journeyState(counted, pseudonym) : null);
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('counts a corrected step as of T exactly when the step is known by T and its correction is not', () => {
    fc.assert(
      fc.property(aHistoryAndAnInstant, ([events, asOf]) => {
        const history = journeyHistory(events, ids.journey, { asOf })!;
        const byId = new Map(events.map((event) => [event.id, event]));
        const known = (id: string) => knownAsOf(byId.get(id)!, asOf.getTime());
        for (const correction of history.corrections) {
          expect(correction).toMatchObject({ knownThen: true, knownNow: false });
          expect(history.stateNow.corrected).toContain(correction.stepEventId);
          const voidedByThen = history.corrections.some(
            (other) => other.stepEventId === correction.stepEventId && known(other.correctionEventId),
          );
          const opened = history.stateAsOf !== null && history.stateAsOf !== undefined;
          expect(correction.countsAsOf).toBe(opened && known(correction.stepEventId) && !voidedByThen);
          if (voidedByThen) expect(history.stateAsOf?.corrected).toContain(correction.stepEventId);
          else expect(history.stateAsOf?.corrected ?? []).not.toContain(correction.stepEventId);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('as of a moment after everything, equals the journey now', () => {
    fc.assert(
      fc.property(aHistoryAndAnInstant, ([events]) => {
        const history = journeyHistory(events, ids.journey, { asOf: new Date('2100-01-01T00:00:00Z') })!;
        expect(history.stateAsOf).toEqual(history.stateNow);
        expect(history.corrections.every((correction) => correction.countsAsOf === false)).toBe(true);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
