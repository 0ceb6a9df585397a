/**
 * Read-model benchmark on real PostgreSQL: a synthetic region written by the demo generator, then
 * - the raw readAll rate over the log (the limit),
 * - a blue/green rebuild of every read model (events/s and peak RSS, in a process of its own),
 * - the outcome report over varied filters (p50/p95),
 * all in one fresh database. It measures and reports; it asserts nothing.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEMO_SEED, generateDemoData } from '@samspar/demo-data';
import { PgSqlClient, PostgresEventStore, openReportsSqlClient, quoteIdent } from '@samspar/event-store';
import { ParticipantRegistry } from '@samspar/journeys';
import { KeyVault, LookupHasher } from '@samspar/privacy';
import {
  ReadModelRegistry,
  caseloadReport,
  entryProfileReport,
  outcomesReport,
  referralFlowsReport,
  referralInboxReport,
  referralOutboxReport,
  referralsReceivedReport,
  transitionsReport,
} from '@samspar/read-models';
import type { ReportFilters } from '@samspar/read-models';
import { runInBenchDatabase } from './lib/database';
import { percentile, ratio, renderTable, round, writeJson } from './lib/report';
import type { RebuildResult } from './projections-rebuild';
import type { ExportResult } from './export-child';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildAsOf, readModelProjections } from '@samspar/read-models';
import { Pseudonymiser, RecordKeys } from '@samspar/privacy';
import { JourneyReads, replayJourney } from '@samspar/evaluation';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100_000);
const REPORT_QUERIES = 200;
const READ_BATCH = 5_000;
const SCHEMA = 'samspar';
const RESULTS = join(process.cwd(), 'bench', 'results', 'projections.json');
const JOURNEY_EVENTS = 1_000;
const JOURNEY_QUERIES = 50;
// As a running api is: five warm-up queries left the fold to the JIT's first tiers, and the p95 with it.
const JOURNEY_WARMUP = 20;
const TARGETS = {
  rebuildEventsPerSecond: 50_000,
  rebuildShareOfRead: 0.35,
  peakRssBytes: 512 * 1024 * 1024,
  reportP95Ms: 20,
  otherReportsP95Ms: 50,
  journeyAsOfP95Ms: 10,
  exportShareOfRead: 0.6,
};

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

runInBenchDatabase('bench:projections', async (db) => {
  const sql = PgSqlClient.connect(db.url, { max: 12, applicationName: 'samspar-bench' });
  const store = await PostgresEventStore.create({ sql, schema: SCHEMA });
  // Reports go through the connection the api gives report and list queries: a pool of its own, planning each.
  const reportsSql = openReportsSqlClient({ eventStore: 'postgres', databaseUrl: db.url }, sql);
  try {
    // 1. The region.
    const generatedAt = Date.now();
    let shown = 0;
    // With BENCH_KEEP_DATABASE the region is generated once and kept, with its summary and the day it is relative to.
    await sql.exec(
      'CREATE TABLE IF NOT EXISTS public.bench_region (summary jsonb NOT NULL, now timestamptz NOT NULL, seconds real NOT NULL)',
    );
    const kept = await sql.query<{ summary: Awaited<ReturnType<typeof generateDemoData>>; now: Date; seconds: number }>(
      'SELECT summary, now, seconds FROM public.bench_region',
    );
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const now = kept[0] ? new Date(kept[0].now) : today;
    if (kept[0] && kept[0].summary.participants !== PARTICIPANTS) {
      console.log(
        `  reusing ${db.name}: ${kept[0].summary.participants.toLocaleString('en')} participants, not BENCH_PARTICIPANTS`,
      );
    }
    const summary =
      kept[0]?.summary ??
      (await generateDemoData(
        {
          store,
          vault: await KeyVault.create({ sql, schema: SCHEMA, masterKey: Buffer.alloc(32, 7) }),
          hasher: new LookupHasher(Buffer.alloc(32, 9)),
          registry: await ParticipantRegistry.create(sql, SCHEMA),
        },
        {
          participants: PARTICIPANTS,
          seed: DEFAULT_DEMO_SEED,
          now,
          concurrency: 8,
          onProgress: (done, total) => {
            if (done - shown >= total / 10 || done === total) {
              shown = done;
              console.log(`  generated ${done.toLocaleString('en')} of ${total.toLocaleString('en')} participants`);
            }
          },
        },
      ));
    const generationSeconds = kept[0]?.seconds ?? (Date.now() - generatedAt) / 1000;
    if (kept.length === 0) {
      await sql.query('INSERT INTO public.bench_region (summary, now, seconds) VALUES ($1, $2, $3)', [
        JSON.stringify(summary),
        now.toISOString(),
        generationSeconds,
      ]);
    }
    await sql.exec(`VACUUM ANALYZE ${quoteIdent(SCHEMA)}.events`);
    console.log(
      `Region: ${summary.participants.toLocaleString('en')} participants, ${summary.events.toLocaleString('en')} events in ${generationSeconds.toFixed(0)} s`,
    );

    // 2. The limit: reading the whole log through the store, as a projection reads it.
    const readPass = async (): Promise<{ events: number; seconds: number }> => {
      const began = process.hrtime.bigint();
      let events = 0;
      for await (const event of store.readAll({ batchSize: READ_BATCH })) if (event) events += 1;
      return { events, seconds: Number(process.hrtime.bigint() - began) / 1e9 };
    };
    await readPass(); // warms the cache and sets hint bits, as the rebuild would find them
    const read = await readPass();
    const readRate = Math.round(read.events / read.seconds);

    // 3. Rebuild every read model, twice: the first builds generation 1, the second is the measured blue/green rebuild.
    const inChild = <T>(script: string, env: Record<string, string> = {}): Promise<T> =>
      new Promise((resolve, reject) => {
        const child = fork(join(__dirname, script), [], {
          env: { ...process.env, BENCH_DATABASE_URL: db.url, BENCH_SCHEMA: SCHEMA, ...env },
          execArgv: ['--enable-source-maps'],
        });
        let result: T | undefined;
        child.on('message', (message) => (result = message as T));
        child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${script} exited with ${code}`))));
      });
    const rebuild = (): Promise<RebuildResult> => inChild<RebuildResult>('projections-rebuild.js');
    await rebuild();
    const rebuilt = await rebuild();

    // 4. The outcome report over 200 varied filters, on the active generation.
    const registry = new ReadModelRegistry(sql, SCHEMA);
    const journeys = (await registry.active('journeys'))!;
    const catalogue = (await registry.active('catalogue'))!;
    const tables = { journeys: quoteIdent(journeys.schema), catalogue: quoteIdent(catalogue.schema) };
    const organisations = (
      await sql.query<{ id: string }>(`SELECT organisation_id AS id FROM ${tables.catalogue}.organisations ORDER BY 1`)
    ).map((row) => row.id);
    const tracks = (await sql.query<{ id: string }>(`SELECT track_id AS id FROM ${tables.catalogue}.tracks ORDER BY 1`)).map(
      (row) => row.id,
    );
    const random = seeded(7);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const filtersFor = (): ReportFilters => {
      const year = now.getUTCFullYear() - 1 - Math.floor(random() * 2);
      const scope = random() < 0.5 ? organisations : organisations.filter(() => random() < 0.2);
      const extra = random();
      return {
        from: `${year}-01-01`,
        to: `${year + 1}-01-01`,
        organisationIds: scope.length > 0 ? scope : [pick(organisations)],
        ...(extra < 0.2 ? { trackId: pick(tracks) } : {}),
        ...(extra >= 0.2 && extra < 0.35 ? { gender: pick(['kvinna', 'man']) } : {}),
        ...(extra >= 0.35 && extra < 0.5 ? { ageBand: pick(['18_29', '30_54'] as const) } : {}),
        ...(extra >= 0.5 && extra < 0.65
          ? { breakdown: pick(['gender', 'ageBand', 'municipality', 'educationBand'] as const) }
          : {}),
      };
    };
    // The same 200 filters for every report, less those a report refuses (its own grouping is its breakdown).
    const varied = Array.from({ length: REPORT_QUERIES }, filtersFor);
    const timed = async (run: (filters: ReportFilters) => Promise<unknown>, refused: readonly (keyof ReportFilters)[] = []) => {
      const accepted = (filters: ReportFilters): ReportFilters =>
        Object.fromEntries(
          Object.entries(filters).filter(([key]) => !refused.includes(key as keyof ReportFilters)),
        ) as ReportFilters;
      for (let i = 0; i < 10; i += 1) await run(accepted(varied[i]!));
      const latencies: number[] = [];
      for (const filters of varied) {
        const began = process.hrtime.bigint();
        await run(accepted(filters));
        latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
      }
      latencies.sort((a, b) => a - b);
      return {
        queries: REPORT_QUERIES,
        p50Ms: round(percentile(latencies, 50), 2),
        p95Ms: round(percentile(latencies, 95), 2),
        maxMs: round(latencies.at(-1)!, 2),
      };
    };
    const report = await timed((filters) => outcomesReport(reportsSql, tables, filters, now));
    const otherReports = {
      transitions: await timed((filters) => transitionsReport(reportsSql, tables, filters, now)),
      entryProfile: await timed((filters) => entryProfileReport(reportsSql, tables, filters, now)),
      referralsReceived: await timed((filters) => referralsReceivedReport(reportsSql, tables, filters, now)),
      referralFlows: await timed((filters) => referralFlowsReport(reportsSql, tables, filters, now), ['breakdown']),
      referralInbox: await timed((filters) => referralInboxReport(reportsSql, tables, filters, now)),
      referralOutbox: await timed((filters) => referralOutboxReport(reportsSql, tables, filters, now)),
      caseload: await timed((filters) => caseloadReport(reportsSql, tables, filters, now), ['breakdown', 'trackId', 'ageBand']),
    };
    const slowestOther = Math.max(...Object.values(otherReports).map((each) => each.p95Ms));

    // 5. Evaluators: the pseudonymised export of the whole log (own process, for its RSS), a journey of
    // 1,000 events as of a past instant, and the outcome report as of a date built from the events.
    const exportFile = join(tmpdir(), `samspar-bench-export-${process.pid}.ndjson`);
    const exported = await inChild<ExportResult>('export-child.js', { BENCH_EXPORT_FILE: exportFile });
    rmSync(exportFile, { force: true });

    const longParticipant = randomUUID();
    const longJourney = randomUUID();
    const at = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
    // Ids of this run's own: a kept region holds the long journeys of earlier runs, and ids are the region's.
    const interventionIds = Array.from({ length: JOURNEY_EVENTS }, () => randomUUID());
    const longEvents = [
      {
        type: 'ParticipantRegistered',
        data: {
          participantId: longParticipant,
          organisationId: organisations[0],
          identity: { kind: 'anonymous', reason: 'no_consent' },
          attributes: { gender: 'man', birthYear: 1980, newlyArrived: false, educationBand: 'unknown' },
          protectedIdentity: false,
        },
      },
      { type: 'JourneyOpened', data: { journeyId: longJourney, organisationId: organisations[0] } },
      ...Array.from({ length: JOURNEY_EVENTS - 2 }, (_, i) =>
        i % 3 === 0
          ? {
              type: 'InterventionPlanned',
              data: {
                journeyId: longJourney,
                interventionId: interventionIds[i]!,
                type: 'coaching',
                providerOrganisationId: organisations[0],
              },
            }
          : i % 3 === 1
            ? {
                type: 'InterventionStarted',
                data: { journeyId: longJourney, interventionId: interventionIds[i - 1]! },
              }
            : {
                type: 'InterventionCompleted',
                data: { journeyId: longJourney, interventionId: interventionIds[i - 2]! },
              },
      ),
    ].map((event, i) => ({ id: randomUUID(), ...event, metadata: { occurredAt: at(i), schemaVersion: 1 } }));
    await store.append(`participant-${longParticipant}`, longEvents, { expectedRevision: 'no_stream' });
    const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 5));
    // An evaluator moving the journey through time: the api keeps what it read (JourneyReads), so a view after the
    // first reads only what was appended since. The first view of a stream reads it whole; both are measured.
    const keptReads = new JourneyReads(store, pseudonymiser);
    const journeyLatency = async (reads: JourneyReads): Promise<number[]> => {
      const latencies: number[] = [];
      for (let i = 0; i < JOURNEY_WARMUP + JOURNEY_QUERIES; i += 1) {
        const asOf = new Date(Date.parse(at(Math.floor(random() * JOURNEY_EVENTS))));
        const began = process.hrtime.bigint();
        await replayJourney(reads, longParticipant, longJourney, { asOf, states: 'summary' });
        if (i >= JOURNEY_WARMUP) latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
      }
      return latencies.sort((a, b) => a - b);
    };
    const firstViewLatencies = await journeyLatency(new JourneyReads(store, pseudonymiser, { keptEvents: 0 }));
    const journeyLatencies = await journeyLatency(keptReads);

    const asOfBegan = process.hrtime.bigint();
    const asOfTables = await buildAsOf(
      store,
      sql,
      SCHEMA,
      new Date(),
      readModelProjections(RecordKeys.fromLookupKey(randomBytes(32))),
    );
    const asOfBuilt = Number(process.hrtime.bigint() - asOfBegan) / 1e9;
    const asOfReportBegan = process.hrtime.bigint();
    await outcomesReport(
      sql,
      { journeys: asOfTables.schemas['journeys']!, catalogue: asOfTables.schemas['catalogue']! },
      { from: `${now.getUTCFullYear() - 1}-01-01`, to: `${now.getUTCFullYear()}-01-01`, organisationIds: organisations },
      now,
    );
    const asOfSeconds = asOfBuilt + Number(process.hrtime.bigint() - asOfReportBegan) / 1e9;
    await asOfTables.drop();
    const evaluators = {
      export: { ...exported, seconds: round(exported.seconds, 2), shareOfReadAll: ratio(exported.eventsPerSecond, readRate) },
      journeyAsOf: {
        events: JOURNEY_EVENTS,
        queries: JOURNEY_QUERIES,
        warmupQueries: JOURNEY_WARMUP,
        p50Ms: round(percentile(journeyLatencies, 50), 2),
        p95Ms: round(percentile(journeyLatencies, 95), 2),
        firstView: {
          p50Ms: round(percentile(firstViewLatencies, 50), 2),
          p95Ms: round(percentile(firstViewLatencies, 95), 2),
        },
      },
      reportAsOf: { events: asOfTables.events, buildSeconds: round(asOfBuilt, 2), seconds: round(asOfSeconds, 2) },
    };

    const shareOfRead = ratio(rebuilt.eventsPerSecond, readRate);
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim(),
        totalMemoryBytes: os.totalmem(),
        node: process.version,
        postgres: db.serverVersion,
      },
      settings: {
        participants: summary.participants,
        seed: summary.seed,
        readBatch: READ_BATCH,
        rebuild: 'every read model blue/green, one after the other, in a child process (peak RSS is its own)',
        reportFilters: 'one calendar year; all or ~20 % of organisations; sometimes a track, gender, age band or a breakdown',
      },
      region: {
        participants: summary.participants,
        organisations: summary.organisations,
        tracks: summary.tracks,
        events: summary.events,
        generationSeconds: round(generationSeconds, 1),
        outcomes: summary.outcomes,
      },
      limit: { readAll: { events: read.events, seconds: round(read.seconds, 2), eventsPerSecond: readRate } },
      rebuild: { ...rebuilt, seconds: round(rebuilt.seconds, 2), shareOfReadAll: shareOfRead },
      outcomeReport: report,
      otherReports,
      evaluators,
      targets: TARGETS,
      met: {
        rebuildEventsPerSecond: rebuilt.eventsPerSecond >= TARGETS.rebuildEventsPerSecond,
        rebuildShareOfRead: (shareOfRead ?? 0) >= TARGETS.rebuildShareOfRead,
        peakRss: rebuilt.peakRssBytes <= TARGETS.peakRssBytes,
        reportP95: report.p95Ms <= TARGETS.reportP95Ms,
        otherReportsP95: slowestOther <= TARGETS.otherReportsP95Ms,
        journeyAsOfP95: evaluators.journeyAsOf.p95Ms <= TARGETS.journeyAsOfP95Ms,
        journeyAsOfFirstViewP95: evaluators.journeyAsOf.firstView.p95Ms <= TARGETS.journeyAsOfP95Ms,
        exportShareOfRead: (evaluators.export.shareOfReadAll ?? 0) >= TARGETS.exportShareOfRead,
      },
    };
    writeJson(RESULTS, results);
    const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
    console.log(
      renderTable(
        ['measure', 'Samspår', 'limit / target', 'ratio'],
        [
          ['readAll over the log (limit)', `${readRate.toLocaleString('en')} events/s`, '', ''],
          [
            'rebuild all read models',
            `${rebuilt.eventsPerSecond.toLocaleString('en')} events/s`,
            `≥ ${TARGETS.rebuildEventsPerSecond.toLocaleString('en')} events/s`,
            `${shareOfRead?.toFixed(2)}× readAll (≥ ${TARGETS.rebuildShareOfRead})`,
          ],
          ['rebuild peak RSS', mb(rebuilt.peakRssBytes), `≤ ${mb(TARGETS.peakRssBytes)}`, ''],
          [
            'outcome report p50 / p95',
            `${report.p50Ms} / ${report.p95Ms} ms`,
            `p95 ≤ ${TARGETS.reportP95Ms} ms`,
            `${(report.p95Ms / TARGETS.reportP95Ms).toFixed(2)}× the target`,
          ],
          ...Object.entries(otherReports).map(([name, each]) => [
            `${name} report p50 / p95`,
            `${each.p50Ms} / ${each.p95Ms} ms`,
            `p95 ≤ ${TARGETS.otherReportsP95Ms} ms`,
            `${(each.p95Ms / TARGETS.otherReportsP95Ms).toFixed(2)}× the target`,
          ]),
          [
            'export to NDJSON',
            `${exported.eventsPerSecond.toLocaleString('en')} events/s, ${mb(exported.peakRssBytes)}`,
            `≥ ${TARGETS.exportShareOfRead}× readAll`,
            `${evaluators.export.shareOfReadAll?.toFixed(2)}× readAll`,
          ],
          [
            `journey as of T (${JOURNEY_EVENTS} events) p50 / p95`,
            `${evaluators.journeyAsOf.p50Ms} / ${evaluators.journeyAsOf.p95Ms} ms`,
            `p95 ≤ ${TARGETS.journeyAsOfP95Ms} ms`,
            `${(evaluators.journeyAsOf.p95Ms / TARGETS.journeyAsOfP95Ms).toFixed(2)}× the target`,
          ],
          [
            `  its first view (stream read whole)`,
            `${evaluators.journeyAsOf.firstView.p50Ms} / ${evaluators.journeyAsOf.firstView.p95Ms} ms`,
            `p95 ≤ ${TARGETS.journeyAsOfP95Ms} ms`,
            `${(evaluators.journeyAsOf.firstView.p95Ms / TARGETS.journeyAsOfP95Ms).toFixed(2)}× the target`,
          ],
          ['outcome report as of D', `${evaluators.reportAsOf.seconds} s`, '', ''],
        ],
      ),
    );
    console.log(`Results in ${RESULTS}`);
  } finally {
    await store.close();
    await reportsSql.close();
    await sql.close();
  }
});
