import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGliteSqlClient } from '@samspar/event-store';
import { STARTUP_TIMEOUT_MS, buildAppsOnce } from '@samspar/event-store/testing';

const root = resolve(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the api exited before it was ready');
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} was not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What `npm start` does: the built api on embedded PGlite, with no server installed. */
describe('When the built api starts without DATABASE_URL', () => {
  jest.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-e2e-'));
  let child: ChildProcess;
  let port: number;
  const logs: string[] = [];

  beforeAll(async () => {
    await buildAppsOnce();
    port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its data directory to itself: a second api on it stops with one line naming the api; the CLI goes through its socket', async () => {
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, child, 60_000);
    const env = { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const other = spawn(process.execPath, args, {
          cwd: root,
          env: { ...env, ...extra },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        other.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        other.on('exit', (code) => resolve({ code, stderr }));
      });
    const refused = await run(['dist/apps/api/src/main.js'], { PORT: String(await freePort()) });
    expect(refused.code).not.toBe(0);
    const lines = refused.stderr.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`in use by process ${child.pid} (samspar api`);
    // test/pglite-sharing.e2e-spec.ts follows the CLI through the socket.
    const verified = await run(['dist/apps/cli/src/main.js', 'verify']);
    expect(verified.stderr).toContain(`Using the running api's database through`);
    expect(verified.code).toBe(0);
  });

  it('serves readiness and the OpenAPI document, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const ready = await waitForReady(`http://127.0.0.1:${port}/health/ready`, child, 60_000);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    const docs = await fetch(`http://127.0.0.1:${port}/docs-json`);
    expect((await docs.json()) as object).toHaveProperty('openapi');

    // Even a refused request must not leave a personnummer in the log.
    const lookup = await fetch(`http://127.0.0.1:${port}/api/v1/participants?personnummer=19900101-2385`);
    expect(lookup.status).toBe(401);

    // Nest closes the app, then re-raises the signal so that the exit reports it.
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `code ${code}`)));
    child.kill('SIGTERM');
    expect(['SIGTERM', 'code 0']).toContain(await exited);
    expect(logs.join('')).not.toMatch(/"level":(50|60)/);

    const lines = logs
      .join('')
      .split('\n')
      .filter((line) => line.trim().length > 0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs.join('')).toContain('/api/v1/participants');
    expect(logs.join('')).not.toMatch(/2385|900101/);
  });

  it('left its migrated event store under the data directory', async () => {
    const sql = await PGliteSqlClient.open(join(dataDir, 'pglite'));
    try {
      const rows = await sql.query<{ component: string; version: number }>(
        'SELECT component, version FROM samspar.schema_migrations ORDER BY component, version',
      );
      expect(rows).toContainEqual({ component: 'event-store', version: 1 });
    } finally {
      await sql.close();
    }
  });
});
