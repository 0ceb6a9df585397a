import { existsSync } from 'node:fs';
import { PGliteSqlClient, PgSqlClient, quoteIdent } from '../postgres/sql-client';
import { randomBytes } from 'node:crypto';

/** A schema name no other test file uses, so that runs never collide. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A connection to the server at `url` and a schema of its own; closing drops it and the schemas named after it. */
export async function postgresTestSchema(
  url: string,
  prefix: string,
): Promise<{ readonly sql: PgSqlClient; readonly schema: string; close(): Promise<void> }> {
  const sql = PgSqlClient.connect(url);
  const schema = uniqueSchema(prefix);
  return {
    sql,
    schema,
    close: async () => {
      // The read models' generations live in schemas named after the store's.
      const schemas = await sql.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'",
        [schema],
      );
      await sql.exec(schemas.map((row) => `DROP SCHEMA IF EXISTS ${quoteIdent(row.name)} CASCADE;`).join('\n'));
      await sql.close();
    },
  };
}

export function dockerAvailable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/**
 * `describe` when the backing service is there; otherwise a skipped `describe` whose title and
 * a printed line say why, so that a missing service is never mistaken for a pass.
 */
export function describeWhen(available: boolean, reason: string): jest.Describe {
  if (available) return describe;

  return ((name: string, fn: () => void) => {
    // Straight to stderr: jest drops console output of a file whose tests were all skipped.
    process.stderr.write(`SKIPPED: ${name}: ${reason}\n`);
    describe.skip(`${name} [skipped: ${reason}]`, fn);
  }) as jest.Describe;
}

export const postgresForTests = {
  available: Boolean(process.env.DATABASE_URL) || dockerAvailable(),
  reason: 'DATABASE_URL is not set and there is no Docker engine for testcontainers to start PostgreSQL in',
};

/**
 * Call inside a describe: the server at DATABASE_URL, or else a PostgreSQL container started by
 * testcontainers for this file. Returns a getter for the connection string, valid from beforeAll on.
 */
export function usePostgres(): () => string {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<unknown>) | undefined;
  beforeAll(async () => {
    if (url) return;
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    url = container.getConnectionUri();
    stop = () => container.stop();
  }, 180_000);
  afterAll(async () => {
    await stop?.();
  });
  return () => {
    if (!url) throw new Error('PostgreSQL is not started yet: call the getter inside a hook or test');
    return url;
  };
}

/**
 * Call inside a describe: one in-memory PGlite for all its tests, opened before the first and closed after
 * the last. Tests keep apart by schema, as they do on a shared PostgreSQL; a database per test cost a second
 * or more each.
 */
export function usePGlite(): () => PGliteSqlClient {
  let sql: PGliteSqlClient | undefined;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await sql?.close();
  });
  return () => {
    if (!sql) throw new Error('PGlite is not open yet: call the getter inside a hook or test');
    return sql;
  };
}

/**
 * Cases for a fast-check property: `base` in `npm test`, and `SAMSPAR_PROPERTY_SCALE` times as many where that
 * is set (the hardening run sets it), so that the everyday suite stays fast and the deep search still runs.
 */
export function propertyRuns(base: number): number {
  const scale = Number(process.env.SAMSPAR_PROPERTY_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/**
 * The bound on a hook that starts an app or opens a database. Starting waits on the app being ready, which
 * on a busy machine takes longer than a test should; the bound catches a start that hangs, not a slow one.
 */
export const STARTUP_TIMEOUT_MS = 180_000;
