import { randomUUID } from 'node:crypto';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import { ConcurrencyError, IllegalStateError } from '@samspar/kernel';
import { CommandHandler, Stamped, StreamDecider, StreamStateCache, loadStream } from './command-handling';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

type Counted = { type: 'Counted'; data: { n: number } };
type Count = { kind: 'Count' };

/** Records the next number; the state is how many were recorded. */
const counter: StreamDecider<Count, Counted, number> = {
  initialState: 0,
  evolve: (state, event) => (event.type === 'Counted' ? state + 1 : state),
  decide: (_command, state) => [{ type: 'Counted', data: { n: state + 1 } }],
};

const context = () => ({
  occurredAt: new Date().toISOString(),
  now: new Date().toISOString(),
  actor: { userId: 'u', role: 'caseworker' },
});

describe('When commands run on a stream', () => {
  let sql: PGliteSqlClient;
  let store: PostgresEventStore;
  let cache: StreamStateCache;
  let handler: CommandHandler;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql });
    cache = new StreamStateCache(100);
    handler = new CommandHandler(store, cache);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  it('decides on every event, also those another writer appended since the last command', async () => {
    const stream = `counter-${randomUUID()}`;
    expect((await handler.handle(stream, counter, { kind: 'Count' }, context())).state).toBe(1);
    // Another process writes to the stream behind this one's back.
    await store.append(stream, [
      { id: randomUUID(), type: 'Counted', data: { n: 2 }, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } },
    ]);
    const third = await handler.handle(stream, counter, { kind: 'Count' }, context());
    expect(third.state).toBe(3);
    expect(third.revision).toBe(2);
  });

  it('reads the stream again before refusing on what may be old state', async () => {
    const stream = `counter-${randomUUID()}`;
    await handler.handle(stream, counter, { kind: 'Count' }, context());
    await store.append(stream, [
      { id: randomUUID(), type: 'Counted', data: { n: 2 }, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } },
    ]);
    // Allowed only from two counts on: the cached fold knows one, the stream has two.
    const fromTwo: StreamDecider<Count, Counted, number> = {
      ...counter,
      decide: (command, state, ctx) => {
        if (state < 2) throw new IllegalStateError('too-early', 'Needs two counts first');
        return counter.decide(command, state, ctx);
      },
    };
    expect((await handler.handle(stream, fromTwo, { kind: 'Count' }, context())).state).toBe(3);
  });

  it('with If-Match, refuses when the stream moved on', async () => {
    const stream = `counter-${randomUUID()}`;
    await handler.handle(stream, counter, { kind: 'Count' }, context());
    await expect(handler.handle(stream, counter, { kind: 'Count' }, context(), { ifMatch: 5 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });

  it('loads a stream with the decider’s own replay when it has one, from a fold already made, and with evolve otherwise', async () => {
    const stream = `counter-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await handler.handle(stream, counter, { kind: 'Count' }, context());
    const replayed: number[] = [];
    const replaying: StreamDecider<Count, Counted, number> = {
      ...counter,
      replay: (state: number, events: Iterable<Stamped<Counted>>) => {
        const all = [...events];
        replayed.push(all.length);
        return all.reduce(counter.evolve, state);
      },
    };
    expect(await loadStream(store, stream, replaying)).toMatchObject({ state: 3, revision: 2 });
    expect(await loadStream(store, stream, replaying, { state: 2, revision: 1 })).toMatchObject({ state: 3, revision: 2 });
    expect(replayed).toEqual([3, 1]);
    expect(await loadStream(store, stream, counter)).toMatchObject({ state: 3, revision: 2 });
  });

  it('keeps each stream’s fold in its own cache, counts hits and misses, keeps no more than it may, and empties on clear', async () => {
    const small = new StreamStateCache(2);
    const own = new CommandHandler(store, small);
    const streams = [randomUUID(), randomUUID(), randomUUID()].map((id) => `counter-${id}`);
    for (const stream of streams) await own.handle(stream, counter, { kind: 'Count' }, context());
    expect(small.stats()).toEqual({ hits: 0, misses: 3, size: 2 });
    // The newest two are kept: the last stream is decided on its cached fold.
    expect((await own.handle(streams[2]!, counter, { kind: 'Count' }, context())).state).toBe(2);
    expect(small.stats()).toMatchObject({ hits: 1, misses: 3 });
    small.clear();
    expect(small.stats()).toEqual({ hits: 0, misses: 0, size: 0 });
    // Without a cache nothing is kept, and the answer is the same.
    const uncached = new StreamStateCache(0);
    expect((await new CommandHandler(store, uncached).handle(streams[2]!, counter, { kind: 'Count' }, context())).state).toBe(3);
    expect(uncached.stats().size).toBe(0);
  });
});
