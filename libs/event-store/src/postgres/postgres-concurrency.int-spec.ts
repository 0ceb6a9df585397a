import { Client } from 'pg';
import { ConcurrencyError, RecordedEvent, START, newId } from '@samspar/kernel';
import { anEvent } from '../testing/event-store.contract';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '../testing/test-environment';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient, quoteIdent } from './sql-client';

const WRITERS = 32;
const APPENDS_PER_WRITER = 500;
const SHARED_STREAMS = 8;
const SLOW_TRANSACTIONS = 40;

/**
 * The global order must be gap-free for readers while writers commit out of order: a sequence
 * value is taken at insert but becomes visible only at commit.
 */
describeWhen(postgresForTests.available, postgresForTests.reason)('Global order on PostgreSQL under concurrent writers', () => {
  // 16,000 appends beside two readers: minutes on a loaded 2-core machine.
  jest.setTimeout(360_000);
  const url = usePostgres();
  const schema = uniqueSchema('conc');
  const category = 'conc';
  let sql: PgSqlClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    sql = PgSqlClient.connect(url(), { max: WRITERS + 4 });
    store = await PostgresEventStore.create({ sql, schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await sql.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await sql.close();
  });

  it('every committed event is seen once, none rolled back is seen, and each stream keeps its order', async () => {
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const shared = Array.from({ length: SHARED_STREAMS }, (_, i) => `${category}-shared${i}`);

    // A live subscriber from the start of the log.
    const bySubscriber: RecordedEvent[] = [];
    const subscription = store
      .subscribe({ from: START, filter: { categories: [category] }, batchSize: 300 })
      .subscribe((batch) => bySubscriber.push(...batch.events));

    // A poller that keeps reading the log from its last checkpoint.
    let writing = true;
    const byPoller: RecordedEvent[] = [];
    const poller = (async () => {
      let from = START;
      for (let pass = 0; ; pass++) {
        const finalPass = !writing;
        for await (const event of store.readAll({ from, filter: { categories: [category] }, batchSize: 250 })) {
          byPoller.push(event);
          from = event.globalPosition;
        }
        if (finalPass) return;
        await new Promise((r) => setTimeout(r, 3));
      }
    })();

    const writer = async (w: number) => {
      const own = `${category}-writer${w}`;
      let ownRevision: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        if (i % 3 === 2) {
          const stream = shared[(w + i) % SHARED_STREAMS]!;
          for (;;) {
            const last = await first(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
            const event = anEvent('SharedStep', { w, i });
            try {
              await store.append(stream, [event], { expectedRevision: last ? last.revision : 'no_stream' });
              committed.add(event.id);
              break;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              rolledBack.add(event.id);
            }
          }
        } else {
          const event = anEvent('OwnStep', { w, i });
          const result = await store.append(own, [event], { expectedRevision: ownRevision });
          ownRevision = result.nextRevision;
          committed.add(event.id);
        }
      }
    };

    // Transactions that take a sequence value early and commit late, or never.
    const slow = async (s: number) => {
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        const ids = [newId(), newId()];
        const metadata = JSON.stringify({ occurredAt: new Date().toISOString(), schemaVersion: 1 });
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO ${quoteIdent(schema)}.events (event_id, stream_id, revision, type, data, metadata)
             VALUES ($1, $3, 0, 'SlowStep', $4, $5), ($2, $3, 1, 'SlowStep', $4, $5)`,
          [ids[0], ids[1], `${category}-slow${s}`, JSON.stringify({ s }), metadata],
        );
        await client.query('SELECT pg_sleep($1)', [0.02 + (s % 7) * 0.03]);
        if (s % 4 === 0) {
          await client.query('ROLLBACK');
          ids.forEach((id) => rolledBack.add(id));
        } else {
          await client.query('COMMIT');
          ids.forEach((id) => committed.add(id));
        }
      } finally {
        await client.end();
      }
    };
    const slowOnes = (async () => {
      for (let s = 0; s < SLOW_TRANSACTIONS; s++) {
        await Promise.all([slow(s), new Promise((r) => setTimeout(r, 40))]);
      }
    })();

    await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), slowOnes]);
    writing = false;
    await poller;
    await waitFor(() => bySubscriber.length >= committed.size, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    subscription.unsubscribe();

    expect(committed.size).toBe(WRITERS * APPENDS_PER_WRITER + (SLOW_TRANSACTIONS - SLOW_TRANSACTIONS / 4) * 2);
    for (const [observer, seen] of [
      ['subscriber', bySubscriber],
      ['poller', byPoller],
    ] as const) {
      const ids = seen.map((e) => e.id);
      const seenIds = new Set(ids);
      expect({ observer, duplicates: ids.length - seenIds.size }).toEqual({ observer, duplicates: 0 });
      expect({ observer, missing: [...committed].filter((id) => !seenIds.has(id)).length }).toEqual({ observer, missing: 0 });
      expect({ observer, rolledBackSeen: ids.filter((id) => rolledBack.has(id)).length }).toEqual({
        observer,
        rolledBackSeen: 0,
      });
      expect({ observer, outOfOrder: streamsOutOfOrder(seen) }).toEqual({ observer, outOfOrder: [] });
    }
  });
});

async function first<T>(iterable: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of iterable) return item;
  return undefined;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** Streams whose revisions were not seen as 0, 1, 2, … in log order. */
function streamsOutOfOrder(events: readonly RecordedEvent[]): string[] {
  const next = new Map<string, number>();
  const bad = new Set<string>();
  for (const event of events) {
    if (event.revision !== (next.get(event.streamId) ?? 0)) bad.add(event.streamId);
    next.set(event.streamId, event.revision + 1);
  }
  return [...bad];
}
