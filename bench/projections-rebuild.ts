/**
 * The rebuild half of bench:projections, in a process of its own so that its peak RSS is the
 * rebuild's alone. It rebuilds every read model blue/green, as `samspar rebuild all` does.
 */
import { PgSqlClient, PostgresEventStore } from '@samspar/event-store';
import { randomBytes } from 'node:crypto';
import { RecordKeys } from '@samspar/privacy';
import { ProjectionRunner, ReadModelRegistry, readModelProjections } from '@samspar/read-models';

export interface RebuildResult {
  readonly readModels: readonly { readonly name: string; readonly events: number; readonly seconds: number }[];
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssBytes: number;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const schema = process.env.BENCH_SCHEMA ?? 'samspar';
  if (!url) throw new Error('BENCH_DATABASE_URL is not set; run this through npm run bench:projections');
  const sql = PgSqlClient.connect(url, { max: 4, applicationName: 'samspar-bench-rebuild' });
  const store = await PostgresEventStore.create({ sql, schema });
  const registry = new ReadModelRegistry(sql, schema);
  await registry.migrate();
  const started = process.hrtime.bigint();
  const readModels: { name: string; events: number; seconds: number }[] = [];
  // Record keys cost the same whatever the key; the bench's data are thrown away.
  for (const projection of readModelProjections(RecordKeys.fromLookupKey(randomBytes(32)))) {
    const runner = new ProjectionRunner(store, registry, projection, { dropAfterMs: 0 });
    const began = process.hrtime.bigint();
    await runner.rebuild();
    readModels.push({
      name: projection.name,
      events: runner.status().rebuild?.done ?? 0,
      seconds: Number(process.hrtime.bigint() - began) / 1e9,
    });
    await runner.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = readModels.reduce((sum, each) => sum + each.events, 0);
  const result: RebuildResult = {
    readModels,
    events,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  await store.close();
  await sql.close();
  process.send?.(result);
}

main().catch((error: unknown) => {
  console.error('projections-rebuild failed:', error);
  process.exitCode = 1;
});
