import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Client } from 'pg';
import { sleep } from './processes';

/** The local cluster that serves DATABASE_URL, stopped and started with pg_ctlcluster (Debian/Ubuntu). */
export interface PostgresCluster {
  readonly version: string;
  readonly name: string;
  readonly port: number;
}

let stoppedByUs: PostgresCluster | undefined;

function ctl(cluster: PostgresCluster, action: 'stop' | 'start', extra: readonly string[] = []): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, action, ...extra], {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

// Whatever happens to the test process, the server is not left stopped.
process.once('exit', () => {
  if (stoppedByUs) {
    try {
      ctl(stoppedByUs, 'start');
    } catch {
      // it may be running already
    }
  }
});

/** The cluster, or why PostgreSQL cannot be stopped and started from here. */
export function findCluster(databaseUrl: string): PostgresCluster | string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return 'DATABASE_URL is not a URL';
  }
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(url.hostname)) {
    return `PostgreSQL at ${url.hostname} is not on this machine, so it cannot be stopped from here`;
  }
  try {
    execFileSync('pg_ctlcluster', ['--help'], { stdio: 'pipe' });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'pg_ctlcluster is not installed (postgresql-common)';
  }
  if (!existsSync('/etc/postgresql')) return 'there is no /etc/postgresql, so no cluster pg_ctlcluster can manage';
  const port = Number(url.port || 5432);
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    // pg_lsclusters missing: take the only cluster under /etc/postgresql.
    const versions = readdirSync('/etc/postgresql');
    return versions.length === 1 ? { version: versions[0]!, name: 'main', port } : 'pg_lsclusters is not available';
  }
  for (const line of listing.split('\n')) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && Number(clusterPort) === port) return { version, name, port };
  }
  return `no local cluster listens on port ${port}`;
}

export async function isAcceptingConnections(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `pg_ctlcluster … stop -m fast`: every connection is cut off at once. */
export function stopPostgres(cluster: PostgresCluster): void {
  stoppedByUs = cluster;
  ctl(cluster, 'stop', ['-m', 'fast']);
}

/** Starts the cluster (when we stopped it) and waits until it takes connections again. */
export async function startPostgres(cluster: PostgresCluster, databaseUrl: string, timeoutMs = 60_000): Promise<void> {
  if (stoppedByUs) {
    try {
      ctl(cluster, 'start');
    } catch (error) {
      // "already running" is fine; anything else shows once the wait below fails.
      if (!/already running/i.test(String((error as { stderr?: unknown }).stderr ?? error))) console.error(error);
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (!(await isAcceptingConnections(databaseUrl))) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
    await sleep(200);
  }
  stoppedByUs = undefined;
}
