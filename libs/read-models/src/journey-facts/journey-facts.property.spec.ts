import fc from 'fast-check';
import { PGliteSqlClient } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { propertyRuns, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import type { RecordedEvent } from '@samspar/kernel';
import { ProjectionHarness, recorded } from '../testing/projection-harness';
import { historyEvents, regionHistory } from '../testing/random-history';
import { journeyFactsProjection } from '../testing/test-projections';
import { JOURNEY_FACT_TABLES } from './journey-facts.tables';

/** The streams merged into one log, taking the next event of a stream chosen by `order`. */
function interleave(streams: ReturnType<typeof historyEvents>, order: readonly number[]): RecordedEvent[] {
  const cursors = streams.map(() => 0);
  const log: RecordedEvent[] = [];
  let turn = 0;
  while (log.length < streams.reduce((sum, stream) => sum + stream.events.length, 0)) {
    const open = streams.map((_, i) => i).filter((i) => cursors[i]! < streams[i]!.events.length);
    const i = open[(order[turn++ % Math.max(1, order.length)] ?? 0) % open.length]!;
    const event = streams[i]!.events[cursors[i]!]!;
    log.push(recorded(streams[i]!.streamId, event, event.metadata.occurredAt, { id: event.id, revision: cursors[i]! }));
    cursors[i]! += 1;
  }
  return log;
}

async function tables(harness: ProjectionHarness): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const table of [...JOURNEY_FACT_TABLES, 'participant_folds']) all[table] = await harness.rows('journeys', table, '1');
  return all;
}

describe('The journeys projection, over random histories', () => {
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => sql.close());

  it('gives the same tables incrementally, from scratch, and after a batch that failed half-way and was retried', async () => {
    await fc.assert(
      fc.asyncProperty(
        regionHistory,
        fc.array(fc.nat(5), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        fc.nat(30),
        async (history, order, sizes, crashAt) => {
          const log = interleave(historyEvents(history), order);

          const fromScratch = await ProjectionHarness.create([journeyFactsProjection], sql);
          await fromScratch.given(log);

          const oneByOne = await ProjectionHarness.create([journeyFactsProjection], sql);
          await oneByOne.given(log, 1);

          const crashed = await ProjectionHarness.create([journeyFactsProjection], sql);
          let offset = 0;
          for (let batch = 0; offset < log.length; batch += 1) {
            const events = log.slice(offset, offset + sizes[batch % sizes.length]!);
            if (batch === crashAt) {
              // The process dies after writing part of the batch: the transaction never commits.
              await expect(
                sql.transaction(async (tx) => {
                  await journeyFactsProjection.apply(tx, crashed.schemas['journeys']!, events);
                  throw new Error('killed');
                }),
              ).rejects.toThrow('killed');
            }
            await crashed.given(events);
            offset += events.length;
          }

          const expected = await tables(fromScratch);
          expect(await tables(oneByOne)).toEqual(expected);
          expect(await tables(crashed)).toEqual(expected);
        },
      ),
      { numRuns: propertyRuns(12) },
    );
  }, 120_000);
});
