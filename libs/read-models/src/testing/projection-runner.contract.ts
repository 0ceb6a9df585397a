import fc from 'fast-check';
import { PostgresEventStore, quoteIdent } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { START, comparePositions } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { journeyFactsProjection } from './test-projections';
import { JOURNEY_FACT_TABLES } from '../journey-facts/journey-facts.tables';
import { ProjectionRunner } from '../runner/projection-runner';
import type { Projection } from '../runner/projection';
import { ReadModelRegistry, readCheckpoint } from '../runner/read-model-registry';
import { ProjectionHarness } from './projection-harness';
import { historyEvents, regionHistory } from './random-history';

export interface RunnerEnvironment {
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

const fast = { batchSize: 7, rebuildBatchSize: 11, lockPollMs: 50, retryDelayMs: 20, dropAfterMs: 10 };

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same behaviours of the projection runner on every SQL engine the read models run on. */
export function projectionRunnerContract(open: () => Promise<RunnerEnvironment>): void {
  let env: RunnerEnvironment;
  let store: EventStore;
  let registry: ReadModelRegistry;
  const runners: ProjectionRunner[] = [];
  const runner = (projection: Projection = journeyFactsProjection): ProjectionRunner => {
    const made = new ProjectionRunner(store, registry, projection, fast);
    runners.push(made);
    return made;
  };

  beforeEach(async () => {
    env = await open();
    store = await PostgresEventStore.create({ sql: env.sql, schema: env.schema, pollIntervalMs: 50 });
    registry = new ReadModelRegistry(env.sql, env.schema);
    await registry.migrate();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((each) => each.stop()));
    await store.close();
    await env.close();
  });

  const history = fc.sample(regionHistory, { numRuns: 1, seed: 42 })[0]!;
  const streams = historyEvents([...history, ...history, ...history], 7);

  async function appendHistory(): Promise<void> {
    for (const { streamId, events } of streams) await store.append(streamId, events, { expectedRevision: 'no_stream' });
  }

  async function readLog(): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for await (const event of store.readAll({ filter: journeyFactsProjection.filter })) all.push(event);
    return all;
  }

  /** The tables a projection from scratch gives for the whole log, for comparison. */
  async function expectedTables(): Promise<Record<string, unknown[]>> {
    const harness = await ProjectionHarness.create([journeyFactsProjection], env.sql);
    await harness.given(await readLog());
    return tablesOf(harness.schemas['journeys']!);
  }

  async function tablesOf(schema: string): Promise<Record<string, unknown[]>> {
    const all: Record<string, unknown[]> = {};
    for (const table of [...JOURNEY_FACT_TABLES, 'participant_folds']) {
      all[table] = await env.sql.query(`SELECT * FROM ${schema}.${table} ORDER BY 1`);
    }
    return all;
  }

  async function activeSchema(name = 'journeys'): Promise<string> {
    const generation = await registry.active(name);
    if (!generation) throw new Error(`${name} has no active generation`);
    return quoteIdent(generation.schema);
  }

  async function caughtUp(projection: Projection = journeyFactsProjection): Promise<boolean> {
    const generation = await registry.active(projection.name);
    if (!generation) return false;
    const head = await store.headPosition();
    return comparePositions((await readCheckpoint(env.sql, generation.schema)).position, head) >= 0;
  }

  it('builds the first generation from the log and follows it live', async () => {
    await appendHistory();
    const running = runner();
    running.start();
    await until(() => caughtUp(), 'the read model reaches the head');
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());

    const more = historyEvents(fc.sample(regionHistory, { numRuns: 1, seed: 7 })[0]!, 8);
    for (const { streamId, events } of more) await store.append(streamId, events, { expectedRevision: 'no_stream' });
    await until(() => caughtUp(), 'the read model applies the new events');
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
    expect(running.status()).toMatchObject({ leader: true, generation: 1 });
  });

  it('applies each event once when a batch fails half-way, and reads on from its checkpoint', async () => {
    await appendHistory();
    let calls = 0;
    const failing: Projection = {
      ...journeyFactsProjection,
      async apply(tx, schema, events) {
        await journeyFactsProjection.apply(tx, schema, events);
        calls += 1;
        // Fails after writing, on every third batch: the transaction and its checkpoint roll back together.
        if (calls % 3 === 0) throw new Error('the connection dropped');
      },
    };
    runner(failing).start();
    await until(() => caughtUp(), 'the read model reaches the head despite failures');
    expect(calls).toBeGreaterThan(3);
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
    const checkpoint = await readCheckpoint(env.sql, (await registry.active('journeys'))!.schema);
    expect(checkpoint.eventsApplied).toBe((await readLog()).length);
  });

  it('rebuilds blue/green: the old generation serves until the new one has caught up, then it is dropped', async () => {
    await appendHistory();
    const running = runner();
    running.start();
    await until(() => caughtUp(), 'the first generation is built');
    const first = (await registry.active('journeys'))!;

    const progress: number[] = [];
    const rebuilt = await running.rebuild((each) => progress.push(each.done));
    expect(rebuilt).toMatchObject({ generation: 2, state: 'active' });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe((await readLog()).length);
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
    await until(
      async () => (await registry.list()).every((each) => each.generation !== first.generation),
      'the old generation is dropped',
    );
    const schemas = await env.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [
      first.schema,
    ]);
    expect(schemas[0]!.n).toBe(0);
    await until(() => running.status().generation === 2, 'the leader follows the new generation');
  });

  it('resumes a rebuild that stopped half-way, and ends with the same tables', async () => {
    await appendHistory();
    runner().start();
    await until(() => caughtUp(), 'the first generation is built');
    const interrupted = runner();
    let batches = 0;
    const stopped = interrupted.rebuild(() => {
      batches += 1;
      if (batches === 3) void interrupted.stop();
    });
    await expect(stopped).rejects.toThrow(/stopped/);
    const building = (await registry.list()).find((each) => each.state === 'building');
    expect(building).toBeDefined();
    const done = (await readCheckpoint(env.sql, building!.schema)).eventsApplied;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan((await readLog()).length);

    const resumed = await runner().rebuild();
    expect(resumed.generation).toBe(building!.generation);
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
  });

  it('rebuilds beside the old tables when the projection version changes', async () => {
    await appendHistory();
    const v1 = runner();
    v1.start();
    await until(() => caughtUp(), 'the current version is built');
    await v1.stop();
    const next = journeyFactsProjection.version + 1;
    runner({ ...journeyFactsProjection, version: next }).start();
    await until(async () => (await registry.active('journeys'))?.projectionVersion === next, 'the next version takes over');
    await until(() => caughtUp(), 'the next version reaches the head');
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
  });

  it('adds an index that the code has and the serving generation lacks, without a rebuild', async () => {
    await appendHistory();
    const first = runner();
    first.start();
    await until(() => caughtUp(), 'the read model is built');
    await first.stop();
    const schema = await activeSchema();
    const indexes = async () =>
      (
        await env.sql.query<{ name: string }>('SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1', [
          (await registry.active('journeys'))!.schema,
        ])
      ).map((row) => row.name);
    // As a generation built by an earlier release of this version would be.
    await env.sql.exec(`DROP INDEX ${schema}.referrals_participant_id_sent_at`);
    expect(await indexes()).not.toContain('referrals_participant_id_sent_at');
    runner().start();
    await until(async () => (await indexes()).includes('referrals_participant_id_sent_at'), 'the index is added');
    expect(await registry.active('journeys')).toMatchObject({ generation: 1 });
  });

  it('lets one runner per read model lead, and another take over when it stops', async () => {
    await appendHistory();
    const first = runner();
    const second = runner();
    first.start();
    await until(() => first.status().leader, 'the first runner leads');
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second.status().leader).toBe(false);
    await first.stop();
    await until(() => second.status().leader, 'the second runner takes over');
    await until(() => caughtUp(), 'the read model reaches the head');
    expect(await tablesOf(await activeSchema())).toEqual(await expectedTables());
  });

  it('keeps the catalogue beside the journeys, each with its own checkpoint', async () => {
    await store.append(
      'organisation-0a000000-0000-4000-8000-000000000001',
      [
        {
          id: '0c000000-0000-4000-8000-000000000001',
          type: 'OrganisationRegistered',
          data: {
            organisationId: '0a000000-0000-4000-8000-000000000001',
            name: 'Arbetsmarknadsenheten',
            kind: 'labour_market_unit',
            municipalityCode: '1480',
            referralDeadlineDays: 30,
          },
          metadata: { occurredAt: '2024-01-01T08:00:00Z', schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await appendHistory();
    runner(catalogueProjection).start();
    runner().start();
    await until(async () => (await caughtUp(catalogueProjection)) && (await caughtUp()), 'both reach the head');
    const organisations = await env.sql.query(`SELECT name, kind FROM ${await activeSchema('catalogue')}.organisations`);
    expect(organisations).toEqual([{ name: 'Arbetsmarknadsenheten', kind: 'labour_market_unit' }]);
    expect((await readCheckpoint(env.sql, (await registry.active('catalogue'))!.schema)).eventsApplied).toBe(1);
  });

  it('starts from the beginning of an empty log and is caught up at once', async () => {
    const running = runner();
    running.start();
    await until(() => running.status().caughtUp, 'an empty log counts as caught up');
    expect((await readCheckpoint(env.sql, (await registry.active('journeys'))!.schema)).position).toBe(START);
  });
}
