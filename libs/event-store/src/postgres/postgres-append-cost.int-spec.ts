import { newId } from '@samspar/kernel';
import { anEvent } from '../testing/event-store.contract';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '../testing/test-environment';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient } from './sql-client';

const LOG_SIZE = 20_000;
const PER_APPEND = 500;

/**
 * An append's cost must not grow with the log. Counted in index entries read, not timed: the append trigger's
 * restore check once sorted the whole log on every append (a generation of 20,000 participants took 15 minutes).
 */
describeWhen(postgresForTests.available, postgresForTests.reason)('An append on a long log', () => {
  jest.setTimeout(120_000);
  const url = usePostgres();
  const schema = uniqueSchema('append_cost');
  let sql: PgSqlClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    // One connection, so that the statistics read below are this backend's, flushed on request.
    sql = PgSqlClient.connect(url(), { max: 1 });
    store = await PostgresEventStore.create({ sql, schema });
    for (let stream = 0; stream < LOG_SIZE / PER_APPEND; stream++) {
      await store.append(
        `bulk-${newId()}`,
        Array.from({ length: PER_APPEND }, () => anEvent()),
        { expectedRevision: 'no_stream' },
      );
    }
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  /** Rows and index entries read so far from the events table, by scans of any kind, as the server counts them. */
  const entriesRead = async (): Promise<number> => {
    await sql.query('SELECT pg_stat_force_next_flush()');
    const [row] = await sql.query<{ read: string }>(
      `SELECT (t.seq_tup_read + (SELECT sum(i.idx_tup_read) FROM pg_stat_user_indexes i WHERE i.relid = t.relid))::text AS read
         FROM pg_stat_user_tables t WHERE t.schemaname = $1 AND t.relname = 'events'`,
      [schema],
    );
    return Number(row!.read);
  };

  it.each([
    ['one event to a new stream', 1],
    ['several events to a new stream', 16],
  ] as const)('reads a handful of rows, not the whole log, for %s', async (_name, count) => {
    const before = await entriesRead();
    await store.append(
      `cost-${newId()}`,
      Array.from({ length: count }, () => anEvent()),
      { expectedRevision: 'no_stream' },
    );
    const read = (await entriesRead()) - before;
    expect(read).toBeGreaterThan(0); // the check read the newest entry, and the counters count it
    expect(read).toBeLessThan(100);
  });
});
