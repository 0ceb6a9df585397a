import { randomUUID } from 'node:crypto';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { DomainError, RecordedEvent } from '@samspar/kernel';
import { CommandContext, CommandHandler, StreamDecider, StreamStateCache, decide, loadStream, stamp } from './command-handling';
import {
  ParticipantEvent,
  ParticipantState,
  evolveParticipant,
  initialParticipantState,
  participantStreamName,
  participantFolding,
} from './participant';
import { AssignCaseworker, assignCaseworkerDecider } from './assign-caseworker/assign-caseworker';
import { CloseJourney, closeJourneyDecider } from './close-journey/close-journey';
import { ids, journeyOpened, participantRegistered } from './journey-steps.examples';
import { copiedWhile } from './testing/fold-work';

/**
 * A participant on one journey for a long time: 2,000 events, nearly all of them steps of that journey. Reading
 * it whole (a command whose cache missed, a read) must cost the stream's length, not its square, and give what
 * folding it event by event with evolveParticipant gives.
 */
const LENGTH = 2_000;
// Recent enough that the store's own recording times (now) come after every step.
const START = Date.now() - 10 * 24 * 60 * 60 * 1000;
const minute = (i: number): string => new Date(START + i * 60_000).toISOString();
const caseworker = { userId: 'caseworker-1', role: 'caseworker', organisationId: ids.organisation } as const;

/** The i-th step after the journey opened: assignments, statuses, enrolments and interventions in turn. */
function stepOf(i: number): ParticipantEvent {
  const round = Math.floor(i / 8);
  const enrolmentId = `00000000-0000-4000-8000-${round.toString(16).padStart(12, '0')}`;
  const interventionId = `11111111-0000-4000-8000-${round.toString(16).padStart(12, '0')}`;
  const journeyId = ids.journey;
  switch (i % 8) {
    case 0:
      return { type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: `caseworker-${round % 7}` } };
    case 1:
      return { type: 'TrackEnrolled', data: { journeyId, enrolmentId, trackId: ids.track } };
    case 2:
      return {
        type: 'InterventionPlanned',
        data: { journeyId, interventionId, type: 'arbetstraning', providerOrganisationId: ids.provider, enrolmentId },
      };
    case 3:
      return { type: 'InterventionStarted', data: { journeyId, interventionId } };
    case 4:
      return { type: 'InterventionCompleted', data: { journeyId, interventionId } };
    case 5:
      return {
        type: 'LabourMarketStatusRecorded',
        data: { journeyId, statusId: randomUUID(), moment: 'follow_up_1m', status: 'job_seeking', incomeSources: ['salary'] },
      };
    case 6:
      // Now and then a correction of an earlier step (named when stored), which makes the journey again from its steps.
      return i % 400 === 398
        ? { type: 'StepCorrected', data: { journeyId, correctedEventId: '', reason: 'fel' } }
        : { type: 'TrackEnrolmentEnded', data: { journeyId, enrolmentId } };
    default:
      return { type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: `caseworker-${(round + 3) % 7}` } };
  }
}

/** Events as a caseworker of the opening organisation recorded them, a minute apart from minute `from` on. */
function recorded(events: readonly ParticipantEvent[], from: number) {
  return events.map((event, i) => ({
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { occurredAt: minute(from + i), actor: caseworker, schemaVersion: 1 },
  }));
}

function longStream(participantId: string, length: number): ParticipantEvent[] {
  const registered = participantRegistered();
  const events: ParticipantEvent[] = [{ ...registered, data: { ...registered.data, participantId } }, journeyOpened()];
  while (events.length < length) events.push(stepOf(events.length - 2));
  return events;
}

/** What the copying fold makes of the stream as stored, event by event. */
const evolved = (stored: readonly RecordedEvent[]): ParticipantState =>
  stored.reduce((state, event) => evolveParticipant(state, stamp<ParticipantEvent>(event)), initialParticipantState);

/** The same state key for key, in the same order (an answer's JSON shows the order). */
function expectSame(actual: ParticipantState, expected: ParticipantState): void {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('When a long participant stream is read whole', () => {
  let sql: PGliteSqlClient;
  let store: PostgresEventStore;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  /** A new participant's stream of LENGTH events, as stored. */
  async function aLongStream(): Promise<{ participantId: string; streamId: string; stored: RecordedEvent[] }> {
    const participantId = randomUUID();
    const streamId = participantStreamName(participantId);
    const events = longStream(participantId, LENGTH);
    const toAppend = recorded(events, 0);
    // A correction names an earlier step by its stored id.
    toAppend.forEach((event, i) => {
      if (event.type === 'StepCorrected') (event.data as { correctedEventId: string }).correctedEventId = toAppend[i - 3]!.id;
    });
    await store.append(streamId, toAppend, { expectedRevision: 'no_stream' });
    return { participantId, streamId, stored: await readAll(streamId) };
  }

  async function readAll(streamId: string): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for await (const event of store.readStream(streamId)) all.push(event);
    return all;
  }

  const decider = participantFolding;

  it('folds it to the state evolveParticipant makes, copying in proportion to its length', async () => {
    const { streamId, stored } = await aLongStream();
    const { result: loaded, copied } = await copiedWhile(() => loadStream(store, streamId, decider));
    expect(loaded.revision).toBe(LENGTH - 1);
    expect(loaded.events.map((event) => event.id)).toEqual(stored.map((event) => event.id));
    const expected = evolved(stored);
    expectSame(loaded.state, expected);
    expect(loaded.state.status === 'registered' && loaded.state.journeys[ids.journey]!.steps.length).toBeGreaterThan(
      LENGTH * 0.9,
    );
    // The measure tells the two apart: folding event by event copies the growing journey at every step.
    const byEvent = await copiedWhile(() => evolved(stored));
    expect(byEvent.copied).toBeGreaterThan(LENGTH * LENGTH * 0.25);
    expect(copied).toBeLessThan(LENGTH * 40);
  });

  it('folds what came after a state handed out before, leaving that state as it was', async () => {
    const { streamId, stored } = await aLongStream();
    const first = await loadStream(store, streamId, decider);
    const before = JSON.stringify(first.state);
    const later = recorded(
      Array.from({ length: 50 }, (_, i) => stepOf(i)),
      LENGTH,
    );
    await store.append(streamId, later, { expectedRevision: LENGTH - 1 });
    const next = await loadStream(store, streamId, decider, first);
    expect(next.events).toHaveLength(50);
    expectSame(next.state, evolved(await readAll(streamId)));
    expect(JSON.stringify(first.state)).toBe(before);
    expectSame(first.state, evolved(stored));
  });

  describe('by a command handler whose cache missed', () => {
    const context = (): CommandContext => ({
      occurredAt: minute(LENGTH + 100),
      now: new Date().toISOString(),
      actor: caseworker,
    });

    /** A decision: the events decided, or the rule the command broke. */
    function decision(run: () => readonly ParticipantEvent[]): readonly ParticipantEvent[] | string {
      try {
        return run().map(({ type, data }) => ({ type, data }) as ParticipantEvent);
      } catch (error) {
        if (error instanceof DomainError) return error.rule;
        throw error;
      }
    }

    async function handled<Command>(
      handler: CommandHandler,
      streamId: string,
      decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
      command: Command,
      at: CommandContext,
    ): Promise<readonly ParticipantEvent[] | string> {
      try {
        const outcome = await handler.handle(streamId, decider, command, at);
        return outcome.recorded.map(({ type, data }) => ({ type, data }) as ParticipantEvent);
      } catch (error) {
        if (error instanceof DomainError) return error.rule;
        throw error;
      }
    }

    /** The state after a command, as the handler folds the events it recorded onto the state it decided on. */
    const after = (state: ParticipantState, events: readonly RecordedEvent[], at: CommandContext): ParticipantState =>
      events.reduce(
        (each, event) =>
          evolveParticipant(each, {
            ...({ type: event.type, data: event.data } as ParticipantEvent),
            id: event.id,
            occurredAt: event.metadata.occurredAt,
            recordedAt: at.now,
            organisationId: caseworker.organisationId,
          }),
        state,
      );

    it('decides as on the copying fold, and answers with and keeps the state that fold makes', async () => {
      const { participantId, streamId, stored } = await aLongStream();
      const lastAssigned = stored.filter((event) => event.type === 'CaseworkerAssigned').at(-1)!.data as {
        caseworkerId: string;
      };
      const assign = (caseworkerId: string): AssignCaseworker => ({
        kind: 'AssignCaseworker',
        participantId,
        journeyId: ids.journey,
        caseworkerId,
      });
      const close: CloseJourney = { kind: 'CloseJourney', participantId, journeyId: ids.journey, reason: 'work' };

      // Refused, each by a handler of its own, on a stream read whole: the rule the copying fold breaks.
      const at = context();
      const same = assign(lastAssigned.caseworkerId);
      const missing = () => new CommandHandler(store, new StreamStateCache(100));
      expect(await handled(missing(), streamId, assignCaseworkerDecider, same, at)).toBe(
        decision(() => decide(assignCaseworkerDecider, same, evolved(stored), at)),
      );
      expect(decision(() => decide(assignCaseworkerDecider, same, evolved(stored), at))).toBe('caseworker-already-assigned');
      expect(await handled(missing(), streamId, closeJourneyDecider, close, at)).toBe(
        decision(() => decide(closeJourneyDecider, close, evolved(stored), at)),
      );
      expect(decision(() => decide(closeJourneyDecider, close, evolved(stored), at))).toBe('enrolment-active');

      // Recorded: the events the copying fold decides, and its state with them.
      const own = new StreamStateCache(100);
      const other = assign('caseworker-new');
      const outcome = await new CommandHandler(store, own).handle(streamId, assignCaseworkerDecider, other, at);
      expect(own.stats()).toMatchObject({ hits: 0, misses: 1 });
      expect(outcome.recorded.map(({ type, data }) => ({ type, data }))).toEqual(
        decision(() => decide(assignCaseworkerDecider, other, evolved(stored), at)),
      );
      const all = await readAll(streamId);
      expectSame(outcome.state, after(evolved(stored), all.slice(stored.length), at));
      expect(own.peek(evolveParticipant, streamId)).toEqual({ state: outcome.state, revision: LENGTH });
    });

    it('never changes a state it answered with and kept, when it folds onto it what another writer recorded', async () => {
      const { participantId, streamId } = await aLongStream();
      const assign = (caseworkerId: string): AssignCaseworker => ({
        kind: 'AssignCaseworker',
        participantId,
        journeyId: ids.journey,
        caseworkerId,
      });
      const cache = new StreamStateCache(100);
      const handler = new CommandHandler(store, cache);
      const first = context();
      const kept = (await handler.handle(streamId, assignCaseworkerDecider, assign('caseworker-new'), first)).state;
      const asKept = structuredClone(kept);

      // Another writer records 50 steps: the cached fold is behind, the append refused, the rest of the stream read.
      await store.append(
        streamId,
        recorded(
          Array.from({ length: 50 }, (_, i) => stepOf(i)),
          LENGTH + 1,
        ),
        { expectedRevision: LENGTH },
      );
      const second = context();
      const outcome = await handler.handle(streamId, assignCaseworkerDecider, assign('caseworker-next'), second);
      expect(outcome.revision).toBe(LENGTH + 51);

      expectSame(kept, asKept);
      const all = await readAll(streamId);
      const caughtUp = all
        .slice(LENGTH + 1, LENGTH + 51)
        .reduce((state, event) => evolveParticipant(state, stamp<ParticipantEvent>(event)), asKept);
      expectSame(outcome.state, after(caughtUp, all.slice(LENGTH + 51), second));
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    });
  });
});
