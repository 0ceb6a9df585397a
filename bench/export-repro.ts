/**
 * Reproduction for the export rate: `setup` writes a region into a database kept between runs
 * (BENCH_REPRO_DB), `run` times readAll against the export child on it.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_DEMO_SEED, generateDemoData } from '@samspar/demo-data';
import { PgSqlClient, PostgresEventStore, quoteIdent } from '@samspar/event-store';
import { ParticipantRegistry } from '@samspar/journeys';
import { KeyVault, LookupHasher } from '@samspar/privacy';
import type { ExportResult } from './export-child';

const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NAME = process.env.BENCH_REPRO_DB ?? 'samspar_export_repro';
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 15_000);
const SCHEMA = 'samspar';
const url = (() => {
  const parsed = new URL(BASE);
  parsed.pathname = `/${NAME}`;
  return parsed.toString();
})();

async function setup(): Promise<void> {
  const admin = new Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${NAME}"`);
  await admin.end();
  const sql = PgSqlClient.connect(url, { max: 12, applicationName: 'samspar-bench' });
  const store = await PostgresEventStore.create({ sql, schema: SCHEMA });
  const now = new Date(Date.UTC(2026, 0, 1));
  const summary = await generateDemoData(
    {
      store,
      vault: await KeyVault.create({ sql, schema: SCHEMA, masterKey: Buffer.alloc(32, 7) }),
      hasher: new LookupHasher(Buffer.alloc(32, 9)),
      registry: await ParticipantRegistry.create(sql, SCHEMA),
    },
    { participants: PARTICIPANTS, seed: DEFAULT_DEMO_SEED, now, concurrency: 8 },
  );
  await sql.exec(`VACUUM ANALYZE ${quoteIdent(SCHEMA)}.events`);
  console.log(`${summary.participants} participants, ${summary.events} events`);
  await store.close();
  await sql.close();
}

async function run(): Promise<void> {
  const sql = PgSqlClient.connect(url, { max: 2, applicationName: 'samspar-bench' });
  const store = await PostgresEventStore.create({ sql, schema: SCHEMA });
  // The machine is shared: CPU time of this process says more than the clock.
  const readPass = async (): Promise<{ wall: number; cpu: number }> => {
    const began = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    let events = 0;
    for await (const event of store.readAll({ batchSize: 5_000 })) if (event) events += 1;
    const used = process.cpuUsage(cpu);
    return {
      wall: Math.round(events / (Number(process.hrtime.bigint() - began) / 1e9)),
      cpu: Math.round(events / ((used.user + used.system) / 1e6)),
    };
  };
  const exportPass = (script: string): Promise<ExportResult> =>
    new Promise<ExportResult>((resolve, reject) => {
      const file = join(tmpdir(), `samspar-export-repro-${process.pid}.ndjson`);
      const child = fork(script, [], {
        env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_SCHEMA: SCHEMA, BENCH_EXPORT_FILE: file },
        execArgv: [],
      });
      let result: ExportResult | undefined;
      child.on('message', (message) => (result = message as ExportResult));
      child.on('exit', (code) => {
        rmSync(file, { force: true });
        if (result && code === 0) resolve(result);
        else reject(new Error(`exit ${code}`));
      });
    });
  // BENCH_CHILDREN: export-child.js of each build to compare, comma-separated; this build's by default.
  const children = (process.env.BENCH_CHILDREN ?? join(__dirname, 'export-child.js')).split(',');
  await readPass();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const rows: Record<string, number | string>[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const read = await readPass();
    rows.push({ what: 'readAll', wall: read.wall, cpu: read.cpu, ratioWall: 1, ratioCpu: 1 });
    for (const [index, script] of children.entries()) {
      const exported = await exportPass(script);
      const cpu = Math.round(exported.events / exported.cpuSeconds);
      rows.push({
        what: `export ${index}`,
        wall: exported.eventsPerSecond,
        cpu,
        ratioWall: Number((exported.eventsPerSecond / read.wall).toFixed(2)),
        ratioCpu: Number((cpu / read.cpu).toFixed(2)),
        rssMB: Math.round(exported.peakRssBytes / 2 ** 20),
      });
    }
  }
  console.table(rows);
  await store.close();
  await sql.close();
}

(process.argv[2] === 'setup' ? setup() : run()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
