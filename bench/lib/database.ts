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
export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
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
  const name = `samspar_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const { rows } = await admin.query<{ version: string }>('SELECT version()');
  let dropped = false;
  return {
    name,
    url: withDatabase(baseUrl, name),
    serverVersion: rows[0]?.version ?? 'unknown',
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        // FORCE ends connections a pool may still hold after a failure.
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}
