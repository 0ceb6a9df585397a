import { randomUUID } from 'node:crypto';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import { ConcurrencyError, IllegalStateError } from '@samspar/kernel';
import { StreamDecider, handleCommand } from './command-handling';
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
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  it('decides on every event, also those another writer appended since the last command', async () => {
    const stream = `counter-${randomUUID()}`;
    expect((await handleCommand(store, stream, counter, { kind: 'Count' }, context())).state).toBe(1);
    // Another process writes to the stream behind this one's back.
    await store.append(stream, [
      { id: randomUUID(), type: 'Counted', data: { n: 2 }, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } },
    ]);
    const third = await handleCommand(store, stream, counter, { kind: 'Count' }, context());
    expect(third.state).toBe(3);
    expect(third.revision).toBe(2);
  });

  it('reads the stream again before refusing on what may be old state', async () => {
    const stream = `counter-${randomUUID()}`;
    await handleCommand(store, stream, counter, { kind: 'Count' }, context());
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
    expect((await handleCommand(store, stream, fromTwo, { kind: 'Count' }, context())).state).toBe(3);
  });

  it('with If-Match, refuses when the stream moved on', async () => {
    const stream = `counter-${randomUUID()}`;
    await handleCommand(store, stream, counter, { kind: 'Count' }, context());
    await expect(handleCommand(store, stream, counter, { kind: 'Count' }, context(), { ifMatch: 5 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });
});
