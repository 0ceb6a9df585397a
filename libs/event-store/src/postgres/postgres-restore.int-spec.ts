import { randomUUID } from 'node:crypto';
import { firstValueFrom, filter as where } from 'rxjs';
import { GlobalPosition, RecordedEvent, START, comparePositions, parsePosition } from '@samspar/kernel';
import { ThrowawayCluster, describeWhen, uniqueSchema, whyNoThrowawayCluster } from '../testing';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient } from './sql-client';

const why = process.env.DATABASE_URL
  ? whyNoThrowawayCluster()
  : 'DATABASE_URL is not set; the restore test dumps a schema of that server';

async function readAll(store: PostgresEventStore, from: GlobalPosition = START): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ from })) events.push(event);
  return events;
}

const appendTo = (store: PostgresEventStore, stream: string, n: number) =>
  store.append(
    stream,
    Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      type: 'Noted',
      data: { i },
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
    })),
  );

/**
 * pg_dump of the schema and psql into a cluster made just now, whose transaction counter is far behind the
 * recorded ids, as after a move to a new server.
 */
describeWhen(!why, why ?? '')('When the log is restored from pg_dump into a new cluster', () => {
  jest.setTimeout(300_000);
  const schema = uniqueSchema('restore');
  let sourceSql: PgSqlClient;
  let source: PostgresEventStore;
  let cluster: ThrowawayCluster;
  let targetSql: PgSqlClient;
  let target: PostgresEventStore;
  let before: RecordedEvent[];
  let checkpoint: GlobalPosition;

  beforeAll(async () => {
    sourceSql = PgSqlClient.connect(process.env.DATABASE_URL!);
    source = await PostgresEventStore.create({ sql: sourceSql, schema });
    for (const stream of ['participant-a', 'participant-b', 'participant-c']) await appendTo(source, stream, 3);
    before = await readAll(source);
    checkpoint = before[before.length - 1]!.globalPosition;

    cluster = await ThrowawayCluster.start();
    // The new cluster counts from a few hundred; the source must be well past it for the test to mean anything.
    const [{ next }] = await sourceSql.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next');
    for (let n = Number(next); n < 5_000; n++) await sourceSql.query('SELECT pg_current_xact_id()');
    await appendTo(source, 'participant-d', 2);
    before = await readAll(source);
    checkpoint = before[before.length - 1]!.globalPosition;

    const url = new URL(process.env.DATABASE_URL!);
    const dump = cluster.run('pg_dump', [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username) || 'postgres',
      '-d',
      url.pathname.slice(1),
      '-n',
      schema,
      '--no-owner',
    ]);
    cluster.run(
      'psql',
      ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', 'postgres', '-q', '-v', 'ON_ERROR_STOP=1'],
      dump,
    );
    targetSql = PgSqlClient.connect(cluster.url);
    target = await PostgresEventStore.create({ sql: targetSql, schema });
    // A second copy, where a command appends before anything has read the log.
    await targetSql.exec('CREATE DATABASE appended_first');
    cluster.run(
      'psql',
      ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', 'appended_first', '-q', '-v', 'ON_ERROR_STOP=1'],
      dump,
    );
  });

  afterAll(async () => {
    await target?.close();
    await targetSql?.close();
    await cluster?.stop();
    await source?.close();
    await sourceSql?.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sourceSql?.close();
  });

  it('starts with the new server counting below the log: the condition that hid the log', async () => {
    const [{ next }] = await targetSql.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next');
    expect(BigInt(next)).toBeLessThan(parsePosition(checkpoint)[0]);
  });

  it('reads every restored event, in the same order and at the same positions', async () => {
    const after = await readAll(target);
    expect(after.map((event) => [event.id, event.globalPosition])).toEqual(
      before.map((event) => [event.id, event.globalPosition]),
    );
    expect(await target.headPosition()).toBe(checkpoint);
  });

  it('puts what is appended after the restore after every restored event, so that old checkpoints still hold', async () => {
    const appended = await appendTo(target, 'participant-a', 2);
    const more = await appendTo(target, 'participant-e', 1);
    const all = await readAll(target);
    expect(all.slice(0, before.length).map((event) => event.id)).toEqual(before.map((event) => event.id));
    expect(all.slice(before.length).map((event) => event.globalPosition)).toEqual([...appended.positions, ...more.positions]);
    for (const position of [...appended.positions, ...more.positions]) {
      expect(comparePositions(position, checkpoint)).toBe(1);
    }
    // A reader that had read up to the old head goes on with exactly the new events.
    const batch = await firstValueFrom(target.subscribe({ from: checkpoint }).pipe(where((b) => b.caughtUp)));
    expect(batch.events.map((event) => event.globalPosition)).toEqual([...appended.positions, ...more.positions]);
    expect(comparePositions(await target.headPosition(), checkpoint)).toBe(1);
  });

  it('records the move as a new epoch with its offset', async () => {
    const epochs = await targetSql.query<{ epoch: number; offset: string }>(
      `SELECT epoch, xid_offset::text AS offset FROM "${schema}".log_epochs ORDER BY epoch`,
    );
    expect(epochs.map((row) => row.epoch)).toEqual([1, 2]);
    expect(BigInt(epochs[1]!.offset)).toBeGreaterThan(0n);
  });

  it('moves the counter when the first thing after the restore is an append, which lands after the log', async () => {
    const sql = PgSqlClient.connect(cluster.urlOf('appended_first'));
    try {
      const store = await PostgresEventStore.create({ sql, schema });
      const appended = await appendTo(store, 'participant-b', 1);
      expect(comparePositions(appended.positions[0]!, checkpoint)).toBe(1);
      const all = await readAll(store);
      expect(all.map((event) => event.id)).toEqual([...before.map((event) => event.id), all[all.length - 1]!.id]);
      expect(all[all.length - 1]!.globalPosition).toBe(appended.positions[0]);
      await store.close();
    } finally {
      await sql.close();
    }
  });

  it('keeps the source, which never moved, on its first epoch', async () => {
    await appendTo(source, 'participant-a', 1);
    const [{ n }] = await sourceSql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".log_epochs`);
    expect(n).toBe(1);
  });
});
