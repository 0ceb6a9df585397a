import { Client } from 'pg';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { START, newId } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import { anEvent } from '../testing/event-store.contract';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '../testing/test-environment';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient, quoteIdent } from './sql-client';

/** The same server, another database on it. */
function otherDatabase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'horizon-spec' });
  await client.connect();
  return client;
}

/** A transaction that has a transaction id and stays open until `end` is called. */
async function openTransaction(url: string): Promise<{ client: Client; end: (how?: 'COMMIT' | 'ROLLBACK') => Promise<void> }> {
  const client = await connect(url);
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return {
    client,
    end: async (how = 'ROLLBACK') => {
      await client.query(how);
      await client.end();
    },
  };
}

async function readAll(store: PostgresEventStore, category: string): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of store.readAll({ filter: { categories: [category] } })) all.push(event);
  return all;
}

/**
 * Readers wait for transactions that may still append to this store, and for no other: before, any
 * transaction open anywhere on the server held every reader back (issue 10's lost idempotency event).
 */
describeWhen(postgresForTests.available, postgresForTests.reason)('The read horizon on PostgreSQL', () => {
  jest.setTimeout(60_000);
  const url = usePostgres();
  const schema = uniqueSchema('horizon');
  let sql: PgSqlClient;
  let store: PostgresEventStore;
  let category = '';

  beforeAll(async () => {
    sql = PgSqlClient.connect(url());
    store = await PostgresEventStore.create({ sql, schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await sql.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await sql.close();
  });
  beforeEach(() => {
    category = `h${newId().slice(0, 8)}`;
  });

  describe.each([
    ['in the same database', (u: string) => u],
    ['in another database of the same server', otherDatabase],
  ])('When another application holds a transaction open %s', (_where, database) => {
    it('reads, subscribes and finds the head as if it were not there', async () => {
      const foreign = await openTransaction(database(url()));
      try {
        const event = anEvent('Noted', { n: 1 });
        const { positions } = await store.append(`${category}-a`, [event]);
        expect((await readAll(store, category)).map((each) => each.id)).toEqual([event.id]);
        expect(await store.headPosition()).toBe(positions[0]);
        const batch = await firstValueFrom(
          store.subscribe({ from: START, filter: { categories: [category] } }).pipe(
            filter((each) => each.events.length > 0),
            timeout(10_000),
          ),
        );
        expect(batch.events.map((each) => each.id)).toEqual([event.id]);
      } finally {
        await foreign.end();
      }
    });
  });

  describe('When another application keeps a transaction open for 30 seconds in another database', () => {
    it('a live subscriber keeps up with every append the whole time', async () => {
      const foreign = await openTransaction(otherDatabase(url()));
      const seen: string[] = [];
      const subscription = store
        .subscribe({ from: await store.headPosition(), filter: { categories: [category] } })
        .subscribe((batch) => seen.push(...batch.events.map((event) => event.id)));
      const lags: number[] = [];
      try {
        for (const started = Date.now(); Date.now() - started < 30_000;) {
          const event = anEvent('Noted', { at: Date.now() });
          await store.append(`${category}-steady`, [event]);
          const appendedAt = Date.now();
          while (!seen.includes(event.id)) {
            if (Date.now() - appendedAt > 5_000) throw new Error(`event ${seen.length + 1} not seen within 5 s`);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          lags.push(Date.now() - appendedAt);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      } finally {
        subscription.unsubscribe();
        await foreign.end();
      }
      expect(lags.length).toBeGreaterThan(60);
      // Each event reached the subscriber while the foreign transaction stayed open.
      expect(Math.max(...lags)).toBeLessThan(2_000);
    }, 60_000);
  });

  describe('When an append to this store is still open', () => {
    it('names the backend that holds readers back, with its application and how long', async () => {
      expect(await store.horizonHolder()).toBeUndefined();
      const slow = await connect(url());
      try {
        await slow.query('BEGIN');
        await slow.query(`SELECT ${quoteIdent(schema)}.begin_append()`);
        await slow.query('SELECT pg_current_xact_id()');
        const [{ pid }] = (await slow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
        await new Promise((resolve) => setTimeout(resolve, 300));
        const holder = await store.horizonHolder();
        expect(holder).toMatchObject({ pid, application: 'horizon-spec', state: 'idle in transaction' });
        expect(holder!.seconds).toBeGreaterThanOrEqual(0.3);
        await slow.query('ROLLBACK');
        expect(await store.horizonHolder()).toBeUndefined();
      } finally {
        await slow.end();
      }
    });

    it('holds back the events committed after it until it ends, then gives both in commit order', async () => {
      const slow = await connect(url());
      try {
        await slow.query('BEGIN');
        const early = newId();
        await slow.query(
          `INSERT INTO ${quoteIdent(schema)}.events (event_id, stream_id, revision, type, data, metadata)
           VALUES ($1, $2, 0, 'Noted', '{}', $3)`,
          [early, `${category}-slow`, JSON.stringify({ occurredAt: new Date().toISOString(), schemaVersion: 1 })],
        );
        const late = anEvent('Noted', { n: 2 });
        await store.append(`${category}-fast`, [late]);
        expect(await readAll(store, category)).toEqual([]);
        await slow.query('COMMIT');
        expect((await readAll(store, category)).map((each) => each.id)).toEqual([early, late.id]);
      } finally {
        await slow.end();
      }
    });

    it('refuses an append in a transaction that wrote before it took the append lock, and takes one that did', async () => {
      const client = await connect(url());
      const insert = (id: string) =>
        client.query(
          `INSERT INTO ${quoteIdent(schema)}.events (event_id, stream_id, revision, type, data, metadata)
           VALUES ($1, $2, 0, 'Noted', '{}', '{}')`,
          [id, `${category}-${id}`],
        );
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()');
        await expect(insert(newId())).rejects.toMatchObject({ code: 'SA010' });
        await client.query('ROLLBACK');

        await client.query('BEGIN');
        await client.query(`SELECT ${quoteIdent(schema)}.begin_append()`);
        await client.query('SELECT pg_current_xact_id()');
        const id = newId();
        await insert(id);
        await client.query('COMMIT');
        expect((await readAll(store, category)).map((each) => each.id)).toEqual([id]);
      } finally {
        await client.end();
      }
    });
  });
});
