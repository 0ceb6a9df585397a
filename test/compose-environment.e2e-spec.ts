import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Pool } from 'pg';
import { parse } from 'yaml';
import { buildAppsOnce } from '@samspar/event-store/testing';
import { CLI_MAIN, PROJECTOR_MAIN, API_MAIN, ServerProcess, freePort } from './hardening/support/processes';
import { dropSchemas } from './hardening/support/stack';

const root = resolve(__dirname, '..');
const composeFile = join(root, 'docker', 'compose.yaml');

interface ComposeService {
  readonly env_file?: readonly { readonly path: string; readonly required?: boolean }[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
}

/** ENV lines of the runtime stage: what the image gives every container before compose adds its own. */
function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, key, value] of runtime.matchAll(/^ENV\s+([A-Z_]+)=(\S+)/gm)) env[key!] = value!;
  return env;
}

/** What compose gives a service: the image's ENV, then env_file (.env.example; a local .env is the user's own), then environment. */
function composeEnvironment(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = { ...imageEnvironment() };
  for (const file of service.env_file ?? []) {
    if (file.required === false) continue;
    Object.assign(env, parseEnv(readFileSync(resolve(root, 'docker', file.path), 'utf8')));
  }
  return { ...env, ...service.environment };
}

/** Compose's hosts and ports become this machine's: the only changes made to the environment compose gives. */
function onThisMachine(env: Record<string, string>, changes: Record<string, string>): NodeJS.ProcessEnv {
  const local: Record<string, string> = { ...env, ...changes };
  if (!process.env.EVENTSTORE_CONNECTION_STRING) {
    // No KurrentDB here: the events go to the same PostgreSQL, the one setting compose has that this machine cannot meet.
    local.EVENT_STORE = 'postgres';
    delete local.EVENTSTORE_CONNECTION_STRING;
  } else {
    local.EVENTSTORE_CONNECTION_STRING = process.env.EVENTSTORE_CONNECTION_STRING;
  }
  return { PATH: process.env.PATH, ...local };
}

const why = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is not set; the compose environment needs a PostgreSQL server';
if (why) console.warn(`Compose environment skipped: ${why}`);
if (!process.env.EVENTSTORE_CONNECTION_STRING) {
  console.warn('Compose environment: no EVENTSTORE_CONNECTION_STRING, so EVENT_STORE=postgres instead of KurrentDB');
}
const maybe = why ? describe.skip : describe;

describe('docker/compose.yaml', () => {
  const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService & { image?: string }>;
  };

  it('pins every image it pulls', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image || name === 'api' || name === 'projector') continue;
      expect(`${name}: ${service.image}`).toMatch(/:\d+(\.\d+)+$/);
    }
  });

  it('leaves nothing for compose to fill in that .env.example does not give', () => {
    for (const name of ['api', 'projector']) {
      const env = composeEnvironment(compose.services[name]!);
      expect(Object.entries(env).filter(([, value]) => value.includes('${'))).toEqual([]);
      expect(env).toMatchObject({ NODE_ENV: 'production', AUTH_DEVELOPMENT_SIGN_IN: 'true' });
      expect(env.PRIVACY_MASTER_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
  });

  const noCompose =
    spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0
      ? undefined
      : 'this machine has no docker compose client';
  // Straight to stderr: jest drops console output of a skipped test.
  if (noCompose) process.stderr.write(`SKIPPED: docker compose config: ${noCompose}\n`);
  (noCompose ? it.skip : it)(
    `is valid for docker compose, where the client has it${noCompose ? ` [skipped: ${noCompose}]` : ''}`,
    () => {
      execFileSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], { cwd: root, stdio: 'pipe' });
    },
  );

  maybe('When the api and the projector start with exactly the environment compose gives them', () => {
    jest.setTimeout(180_000);
    const schema = `compose_${randomBytes(4).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'samspar-compose-api-'));
    const projectorDir = mkdtempSync(join(tmpdir(), 'samspar-compose-projector-'));
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    let api: ServerProcess;
    let projector: ServerProcess;
    let apiEnv: NodeJS.ProcessEnv;

    beforeAll(async () => {
      await buildAppsOnce();
      const database = { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: schema };
      apiEnv = onThisMachine(composeEnvironment(compose.services.api!), { ...database, DATA_DIR: dataDir });
      const projectorEnv = onThisMachine(composeEnvironment(compose.services.projector!), {
        ...database,
        DATA_DIR: projectorDir,
      });
      expect(compose.services.projector!.command).toEqual(['node', PROJECTOR_MAIN]);
      api = new ServerProcess('api', API_MAIN, await freePort(), apiEnv);
      projector = new ServerProcess('projector', PROJECTOR_MAIN, await freePort(), projectorEnv);
      await Promise.all([api.waitUntilReady(), projector.waitUntilReady()]);
    });

    afterAll(async () => {
      await api?.kill();
      await projector?.kill();
      await dropSchemas(pool, schema);
      await pool.end();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(projectorDir, { recursive: true, force: true });
    });

    it('both get ready, in production mode', () => {
      expect(api.alive && projector.alive).toBe(true);
    });

    it('warns loudly that development sign-in is on', () => {
      expect(api.logLines().some((line) => line.includes('DEVELOPMENT SIGN-IN IN PRODUCTION'))).toBe(true);
    });

    it('accepts a token from the token command, as `docker compose exec api … token` makes it', async () => {
      const organisationId = randomUUID();
      const token = execFileSync(process.execPath, [CLI_MAIN, 'token', '--role', 'manager', '--org', organisationId], {
        cwd: root,
        env: apiEnv,
        encoding: 'utf8',
      }).trim();
      const response = await fetch(`${api.baseUrl}/api/v1/reports/caseload?organisationId=${organisationId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    });

    it('stops with one line without the development switch, as before it existed', () => {
      const env: NodeJS.ProcessEnv = { ...apiEnv, PORT: '0' };
      delete env.AUTH_DEVELOPMENT_SIGN_IN;
      const result = spawnSync(process.execPath, [API_MAIN], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('AUTH_JWKS_URL is not set');
    });
  });
});
