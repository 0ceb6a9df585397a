import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '../testing/test-environment';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient, quoteIdent } from './sql-client';
import { EventIdReusedError } from '../event-store.errors';

describeWhen(postgresForTests.available, postgresForTests.reason)('Event store contract on PostgreSQL', () => {
  const url = usePostgres();
  eventStoreContract(async (upcasters) => {
    const sql = PgSqlClient.connect(url(), { max: 20 });
    const schema = uniqueSchema('es');
    const store = await PostgresEventStore.create({ sql, schema, upcasters, pollIntervalMs: 100 });
    return {
      store,
      close: async () => {
        await store.close();
        await sql.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      },
    };
  });
});

describeWhen(postgresForTests.available, postgresForTests.reason)('Appends sent together on PostgreSQL', () => {
  const url = usePostgres();
  const event = (id: string) => ({
    id,
    type: 'Noted',
    data: { id },
    metadata: { occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
  });
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

  it('keeps each append its own: conflicts, re-sends and reused ids answer as if sent alone', async () => {
    const sql = PgSqlClient.connect(url(), { max: 4 });
    const schema = uniqueSchema('grp');
    // One statement in flight, so that every append after the first waits and goes in a group.
    const store = await PostgresEventStore.create({ sql, schema, appendsInFlight: 1 });
    try {
      const first = await store.append('note-resent', [event(uuid(1))], { expectedRevision: 'no_stream' });
      await store.append('note-conflict', [event(uuid(2))]);
      const results = await Promise.allSettled([
        ...Array.from({ length: 12 }, (_, i) => store.append(`note-${i}`, [event(uuid(100 + i)), event(uuid(200 + i))])),
        store.append('note-resent', [event(uuid(1))], { expectedRevision: 'no_stream' }),
        store.append('note-conflict', [event(uuid(3))], { expectedRevision: 'no_stream' }),
        store.append('note-reused', [event(uuid(2))]),
        store.append('note-0', [event(uuid(300))], { expectedRevision: 'any' }),
      ]);
      const [fresh, resent, conflict, reused, second] = [
        results.slice(0, 12),
        results[12],
        results[13],
        results[14],
        results[15],
      ];
      expect(fresh.every((result) => result.status === 'fulfilled' && result.value.nextRevision === 1)).toBe(true);
      expect(resent).toEqual({ status: 'fulfilled', value: first });
      expect(conflict).toMatchObject({ status: 'rejected', reason: { name: expect.stringMatching(/Concurrency/) } });
      expect(reused).toMatchObject({ status: 'rejected' });
      expect((reused as PromiseRejectedResult).reason).toBeInstanceOf(EventIdReusedError);
      expect(second).toMatchObject({ status: 'fulfilled', value: { nextRevision: 2 } });
      const [{ n }] = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.events`)) as [
        { n: number },
      ];
      expect(n).toBe(2 + 24 + 1);
    } finally {
      await store.close();
      await sql.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await sql.close();
    }
  });
});
