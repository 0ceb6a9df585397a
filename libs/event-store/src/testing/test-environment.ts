import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** A schema name no other test file uses, so that runs never collide. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
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
