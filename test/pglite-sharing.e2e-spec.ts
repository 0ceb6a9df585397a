import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadOrCreateDevSigningKey, signDevToken } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { PGliteSqlClient, SOCKET_FILE } from '@samspar/event-store';
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

interface Api {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: string[];
}

/** `npm start` on DATA_DIR, without DATABASE_URL; resolves once it is ready. */
async function startApi(dataDir: string): Promise<Api> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the api exited: ${logs.join('')}`);
    const ready = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (ready?.ok) return { child, url, logs };
    if (Date.now() > deadline) throw new Error(`the api was not ready within 60 s: ${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopApi(api: Api): Promise<string> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return 'exited before';
  const exited = new Promise<string>((r) => api.child.once('exit', (code, signal) => r(signal ?? `code ${code}`)));
  api.child.kill('SIGTERM');
  return exited;
}

/** The built CLI, as `npm run cli -- …` runs it, on the same DATA_DIR. */
function cli(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim().length > 0);
const eventsIn = (verified: string) => Number(/: ([\d,]+) events? in/.exec(verified)?.[1]?.replace(/,/g, '') ?? NaN);

describe('While the api runs on the embedded PGlite, the CLI works on its data through the socket the api serves', () => {
  jest.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-share-'));
  let api: Api;

  beforeAll(async () => {
    // Under the build lock the other spec files share: two builds at once collide in dist/ and in Vite's lock.
    await buildAppsOnce();
    api = await startApi(dataDir);
  }, STARTUP_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await new Promise((r) => api.child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes demo data beside the api, which reports it, and leaves a clean log that the api opens again', async () => {
    const key = await loadOrCreateDevSigningKey(dataDir);
    const token = (principal: Principal) => signDevToken(key, principal, { ttlSeconds: 3_600 });
    const admin = await token({ userId: 'admin-1', role: 'admin', organisationIds: [], permissions: ['system_admin'] });
    const socket = join(dataDir, SOCKET_FILE);

    // The api writes while demo:generate runs beside it: both reach the one database, nothing is lost.
    const demo = cli(dataDir, ['demo:generate', '--participants', '20', '--seed', '7']);
    const apiEventIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${api.url}/api/v1/organisations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          organisationId: randomUUID(),
          name: `Vuxenutbildningen ${i}`,
          kind: 'adult_education',
          municipalityCode: '0484',
        }),
      });
      expect(response.status).toBe(201);
      apiEventIds.push(...((await response.json()) as { eventIds: string[] }).eventIds);
    }
    const generated = await demo;
    expect(generated.code).toBe(0);
    // One line says where the data went, then the progress bar's.
    expect(lines(generated.stderr)[0]).toBe(`samspar: Using the running api's database through ${socket} (pid ${api.child.pid})`);
    const demoEvents = Number(/([\d,]+) events in/.exec(generated.stdout)?.[1]?.replace(/,/g, ''));
    expect(demoEvents).toBeGreaterThan(100);

    // A second command, right after: verify, on the running api's database, names the log's head.
    const whileRunning = await cli(dataDir, ['verify']);
    expect(whileRunning.code).toBe(0);
    expect(lines(whileRunning.stderr)).toEqual([
      `samspar: Using the running api's database through ${socket} (pid ${api.child.pid})`,
    ]);
    const head = /head (\d+:\d+)/.exec(whileRunning.stdout)?.[1];
    expect(head).toBeDefined();

    // The api's own reports show the demo region once its read models reach that head: an evaluator for every
    // organisation (the test, too, is a local client of the socket) sees the demo's tracks.
    const local = new Client({ host: dataDir, port: 5432, user: 'postgres', database: 'postgres' });
    await local.connect();
    const organisationIds = (
      await local.query<{ id: string }>(
        "SELECT DISTINCT data->>'organisationId' AS id FROM samspar.events WHERE type = 'OrganisationRegistered'",
      )
    ).rows.map((row) => row.id);
    await local.end();
    expect(organisationIds.length).toBeGreaterThan(8);
    const evaluator = await token({ userId: 'eva.lund', role: 'evaluator', organisationIds, permissions: [] });
    const response = await fetch(`${api.url}/api/v1/reports/outcomes?from=2000-01-01&minPosition=${head}&waitMs=30000`, {
      headers: { authorization: `Bearer ${evaluator}` },
    });
    expect(response.status).toBe(200);
    const outcomes = (await response.json()) as { position: string; rows: { trackName: string }[] };
    expect(outcomes.position).toBe(head);
    expect(outcomes.rows.length).toBeGreaterThan(0);

    // And a third: a report through the CLI.
    const report = await cli(dataDir, ['report', 'outcomes', '--format', 'csv']);
    expect(report.code).toBe(0);
    expect(report.stdout.length).toBeGreaterThan(0);

    // Stopped, the api closes the socket; verify then opens the files itself and finds every event.
    expect(['SIGTERM', 'code 0']).toContain(await stopApi(api));
    expect(api.logs.join('')).not.toMatch(/"level":(50|60)/);
    const stopped = await cli(dataDir, ['verify']);
    expect(stopped.stderr).toBe('');
    expect(stopped.code).toBe(0);
    const total = eventsIn(stopped.stdout);
    expect(total).toBe(eventsIn(whileRunning.stdout));
    expect(total).toBeGreaterThanOrEqual(demoEvents + apiEventIds.length);
    const sql = await PGliteSqlClient.open(join(dataDir, 'pglite'));
    try {
      const found = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM samspar.events WHERE event_id = ANY($1::uuid[])',
        [apiEventIds],
      );
      expect(found).toEqual([{ n: apiEventIds.length }]);
    } finally {
      await sql.close();
    }

    // And the api starts again on what both wrote.
    api = await startApi(dataDir);
    expect(['SIGTERM', 'code 0']).toContain(await stopApi(api));
    expect(api.logs.join('')).not.toContain('Aborted()');
  });

  it('still refuses, in one line, a second api on the same files', async () => {
    api = await startApi(dataDir);
    const port = await freePort();
    const second = await new Promise<{ code: number | null; stderr: string }>((resolveRun) => {
      const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
        cwd: root,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolveRun({ code, stderr }));
    });
    expect(second.code).not.toBe(0);
    expect(lines(second.stderr)).toHaveLength(1);
    expect(second.stderr).toContain(`in use by process ${api.child.pid} (samspar api`);
  });
});
