/**
 * The export half of the evaluator benchmark, in a process of its own so that its peak RSS is the
 * export's alone: the whole log to NDJSON, pseudonymised, streamed to a file as `samspar export` does.
 */
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PgSqlClient, PostgresEventStore } from '@samspar/event-store';
import { exportEvents } from '@samspar/evaluation';
import { Pseudonymiser } from '@samspar/privacy';

export interface ExportResult {
  readonly events: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssBytes: number;
  /** This process's CPU time over the export: on a shared machine it varies less than the clock. */
  readonly cpuSeconds: number;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const out = process.env.BENCH_EXPORT_FILE;
  if (!url || !out) throw new Error('BENCH_DATABASE_URL and BENCH_EXPORT_FILE are set by npm run bench:projections');
  const sql = PgSqlClient.connect(url, { max: 2, applicationName: 'samspar-bench-export' });
  const store = await PostgresEventStore.create({ sql, schema: process.env.BENCH_SCHEMA ?? 'samspar' });
  const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 3));
  let events = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const file = createWriteStream(out);
  await pipeline(
    exportEvents(store, {
      format: 'ndjson',
      pseudonym: (id) => pseudonymiser.pseudonym(id),
      batchSize: 5_000,
    }),
    // One NDJSON line per event.
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) events += 1;
        done(null, chunk);
      },
    }),
    file,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const result: ExportResult = {
    events,
    bytes: file.bytesWritten,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
  await store.close();
  await sql.close();
  process.send?.(result);
}

main().catch((error: unknown) => {
  console.error('export-child failed:', error);
  process.exitCode = 1;
});
