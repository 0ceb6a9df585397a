import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DevSigningKey, Principal, loadOrCreateDevSigningKey, signDevToken } from '@samspar/access';
import { API_MAIN, PROJECTOR_MAIN, ServerProcess, freePort, sleep } from './processes';

/** Why a hardening spec cannot run here, or undefined when it can. */
export function whyNoDatabase(): string | undefined {
  return process.env.DATABASE_URL ? undefined : 'DATABASE_URL is not set; the hardening suite needs a real PostgreSQL';
}

export interface Organisation {
  readonly id: string;
  readonly kind: 'social_services' | 'labour_market_unit' | 'adult_education';
  readonly name: string;
}

export interface Catalogue {
  readonly organisations: readonly Organisation[];
  /** Track ids; any organisation may enrol in them. */
  readonly tracks: readonly string[];
}

/**
 * One spec file's Samspår: a fresh DATABASE_SCHEMA, a temporary DATA_DIR with the development keys,
 * the built api and projector as child processes on free loopback ports, and a pool for the checks.
 */
export class HardeningStack {
  readonly schema: string;
  readonly dataDir: string;
  readonly pool: Pool;
  api?: ServerProcess;
  projector?: ServerProcess;
  private apiPort?: number;
  private projectorPort?: number;
  private key?: DevSigningKey;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly databaseUrl: string,
    prefix: string,
  ) {
    this.schema = `${prefix}_${randomBytes(4).toString('hex')}`;
    this.dataDir = mkdtempSync(join(tmpdir(), `samspar-${prefix}-`));
    this.pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'samspar-hardening' });
    // Stopping PostgreSQL on purpose ends idle connections; that must not end the test process.
    this.pool.on('error', () => undefined);
  }

  /** The environment every process of the stack gets: built here, not inherited, so no stray setting leaks in. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      DATA_DIR: this.dataDir,
      PROJECTIONS_IN_PROCESS: 'false',
      LOG_LEVEL: 'warn',
      // Each simulated caseworker sends as fast as the api answers, far beyond a person's pace; the per-user
      // limit is the attack suite's to test, and here it would only measure itself.
      RATE_LIMIT_PER_MINUTE: '0',
      ...extra,
    };
  }

  async startApi(): Promise<ServerProcess> {
    // The same port after a restart, as a load balancer would keep sending there.
    this.apiPort ??= await freePort();
    this.api = new ServerProcess('api', API_MAIN, this.apiPort, this.env());
    await this.api.waitUntilReady();
    return this.api;
  }

  async startProjector(): Promise<ServerProcess> {
    this.projectorPort ??= await freePort();
    this.projector = new ServerProcess('projector', PROJECTOR_MAIN, this.projectorPort, this.env());
    await this.projector.waitUntilReady();
    return this.projector;
  }

  get baseUrl(): string {
    if (!this.apiPort) throw new Error('the api was never started');
    return `http://127.0.0.1:${this.apiPort}`;
  }

  /** A token as `npm run token` signs it, with the key in DATA_DIR that the api trusts. */
  async token(principal: Principal): Promise<string> {
    const cacheKey = JSON.stringify(principal);
    const cached = this.tokens.get(cacheKey);
    if (cached) return cached;
    this.key ??= await loadOrCreateDevSigningKey(this.dataDir);
    const token = await signDevToken(this.key, principal, { ttlSeconds: 3600 });
    this.tokens.set(cacheKey, token);
    return token;
  }

  /** An admin registers the organisations and tracks the caseworkers work with. */
  async createCatalogue(organisationCount = 6, trackCount = 3): Promise<Catalogue> {
    const kinds: Organisation['kind'][] = ['social_services', 'labour_market_unit', 'adult_education'];
    const organisations: Organisation[] = Array.from({ length: organisationCount }, (_, i) => ({
      id: randomUUID(),
      kind: kinds[i % kinds.length]!,
      name: `Hardening organisation ${i + 1}`,
    }));
    const admin = await this.token({
      userId: 'hardening-admin',
      role: 'admin',
      organisationIds: [organisations[0]!.id],
      permissions: ['system_admin'],
    });
    for (const organisation of organisations) {
      await this.adminPost(admin, '/api/v1/organisations', {
        organisationId: organisation.id,
        name: organisation.name,
        kind: organisation.kind,
        municipalityCode: '1480',
      });
    }
    const tracks = Array.from({ length: trackCount }, () => randomUUID());
    for (const [i, trackId] of tracks.entries()) {
      await this.adminPost(admin, '/api/v1/tracks', {
        trackId,
        name: `Hardening track ${i + 1}`,
        kind: 'job_track',
        ownerOrganisationId: organisations[1 % organisations.length]!.id,
        employerOrganisationIds: [organisations[0]!.id],
        occupation: '5321 Undersköterskor',
      });
    }
    return { organisations, tracks };
  }

  private async adminPost(token: string, path: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`setup POST ${path} answered ${response.status}: ${text.slice(0, 400)}`);
  }

  /** Kills what is still running, drops the schema and its read-model schemas, removes DATA_DIR. */
  async destroy(): Promise<void> {
    await this.api?.kill();
    await this.projector?.kill();
    try {
      await dropSchemas(this.pool, this.schema);
    } finally {
      await this.pool.end().catch(() => undefined);
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

/** The schema and every `<schema>_…` schema (read-model generations), retried while the server comes back. */
export async function dropSchemas(pool: Pool, schema: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const rows = (
        await pool.query<{ nspname: string }>(
          `SELECT nspname FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_')`,
          [schema],
        )
      ).rows;
      for (const { nspname } of rows) await pool.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(500);
    }
  }
}
