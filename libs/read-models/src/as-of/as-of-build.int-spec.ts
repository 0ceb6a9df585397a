import fc from 'fast-check';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { uniqueSchema, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { journeyFactsProjection } from '../testing/test-projections';
import { JOURNEY_FACT_TABLES } from '../journey-facts/journey-facts.tables';
import { historyEvents, regionHistory } from '../testing/random-history';
import { buildAsOf } from './as-of-build';

describe('The read models as of an instant', () => {
  let sql: SqlClient;
  let store: EventStore;
  const schema = uniqueSchema('asof');
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql, schema });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  async function tablesAsOf(asOf: Date): Promise<Record<string, unknown[]>> {
    const built = await buildAsOf(store, sql, schema, asOf, [journeyFactsProjection]);
    try {
      const all: Record<string, unknown[]> = {};
      for (const table of JOURNEY_FACT_TABLES)
        all[table] = await sql.query(`SELECT * FROM ${built.schemas['journeys']}.${table} ORDER BY 1`);
      return all;
    } finally {
      await built.drop();
    }
  }

  it('gives the same tables for D after later events, corrections dated before D among them', async () => {
    const [first, later] = fc.sample(regionHistory, { numRuns: 2, seed: 11 }) as [never, never];
    const streams = historyEvents(first, 21);
    for (const { streamId, events } of streams) await store.append(streamId, events, { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const d = new Date();
    const before = await tablesAsOf(d);
    expect(before['participants']).toHaveLength(streams.length);

    // Recorded after D, about things that happened before it: known now, not then.
    const corrections = streams.flatMap(({ streamId, events }) =>
      events
        .filter((event) => event.type === 'TrackEnrolled' || event.type === 'LabourMarketStatusRecorded')
        .slice(0, 1)
        .map((event) => ({ streamId, event })),
    );
    for (const { streamId, event } of corrections) {
      await store.append(streamId, [
        {
          id: crypto.randomUUID(),
          type: 'StepCorrected',
          data: { journeyId: (event.data as { journeyId: string }).journeyId, correctedEventId: event.id, reason: 'fel' },
          metadata: { occurredAt: event.metadata.occurredAt, schemaVersion: 1 },
        },
      ]);
    }
    for (const { streamId, events } of historyEvents(later, 22))
      await store.append(streamId, events, { expectedRevision: 'no_stream' });

    expect(await tablesAsOf(d)).toEqual(before);
    // The later events do change the figures as of now, so the comparison above can fail.
    expect(await tablesAsOf(new Date())).not.toEqual(before);
  });

  it('leaves nothing behind', async () => {
    const built = await buildAsOf(store, sql, schema, new Date(), [journeyFactsProjection]);
    await built.drop();
    const left = await sql.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%asof%\\_journeys\\_%'");
    expect(left).toEqual([]);
  });
});
