import { Client } from 'pg';

export class CannotConnectError extends Error {}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  readonly serverVersion: string;
  drop(): Promise<void>;
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: 'samspar-bench' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * A database of its own for each run, so that runs never collide and Emmett's tables
 * (which it puts in `public`) do not mix with anything else.
 */
export async function createBenchDatabase(baseUrl: string, keep?: string): Promise<BenchDatabase> {
  let admin: Client;
  try {
    admin = await connect(baseUrl);
  } catch (error) {
    // The given database may not exist yet; the server's `postgres` database still lets us create ours.
    if ((error as { code?: string }).code !== '3D000') throw new CannotConnectError((error as Error).message);
    try {
      admin = await connect(withDatabase(baseUrl, 'postgres'));
    } catch (second) {
      throw new CannotConnectError((second as Error).message);
    }
  }
  const name = keep ?? `samspar_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  const { rows } = await admin.query<{ version: string }>('SELECT version()');
  let dropped = false;
  return {
    name,
    url: withDatabase(baseUrl, name),
    serverVersion: rows[0]?.version ?? 'unknown',
    async drop() {
      if (dropped) return;
      dropped = true;
      if (keep) {
        await admin.end().catch(() => undefined);
        return;
      }
      try {
        // FORCE ends connections a pool may still hold after a failure.
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}

/** BENCH_KEEP_DATABASE names a database a bench reuses and keeps, so that a region is generated once. */
function keptDatabase(): string | undefined {
  const name = process.env.BENCH_KEEP_DATABASE;
  return name === undefined || name === '' ? undefined : name;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs a benchmark in a database of its own, made for the run and dropped after it, also on Ctrl-C.
 * A server that cannot be reached is one line that says how to fix it, and exit code 1.
 */
export function runInBenchDatabase(name: string, run: (db: BenchDatabase) => Promise<void>): void {
  let interrupted = false;
  const main = async () => {
    const url = process.env.DATABASE_URL ?? DEFAULT_URL;
    const keep = keptDatabase();
    if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep)) {
      console.error(`${name}: BENCH_KEEP_DATABASE must be a plain lower-case database name, such as samspar_bench_20k.`);
      process.exitCode = 1;
      return;
    }
    let db: BenchDatabase;
    try {
      db = await createBenchDatabase(url, keep);
    } catch (error) {
      if (!(error instanceof CannotConnectError)) throw error;
      console.error(
        `${name} cannot connect to PostgreSQL at ${redact(url)} (${error.message}); set DATABASE_URL to a server whose user may create databases, e.g. start 'docker compose -f docker/compose.yaml up -d postgres' and use DATABASE_URL=postgres://samspar:samspar@127.0.0.1:5432/samspar.`,
      );
      process.exitCode = 1;
      return;
    }
    const dropOnSignal = () => {
      interrupted = true;
      void db.drop().finally(() => process.exit(130));
    };
    process.once('SIGINT', dropOnSignal);
    process.once('SIGTERM', dropOnSignal);
    console.log(`${name} in database ${db.name}`);
    try {
      await run(db);
    } finally {
      await db.drop();
      process.off('SIGINT', dropOnSignal);
      process.off('SIGTERM', dropOnSignal);
    }
  };
  main().catch((error: unknown) => {
    // After Ctrl-C the database is dropped under the running work; its errors are expected.
    if (interrupted) return;
    console.error(`${name} could not run:`, error);
    process.exitCode = 1;
  });
}
