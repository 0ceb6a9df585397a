import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import { documentedRequest } from '@samspar/platform/testing';
import { Public } from '@samspar/access';
import { ConcurrencyError, NotFoundError } from '@samspar/kernel';
import { PgSqlClient, SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { uniqueSchema, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { AppModule } from './app.module';
import { AppConfig, loadConfig } from '@samspar/platform';
import { configureHttp } from './http/configure-http';

const PROBLEM_JSON = /^application\/problem\+json/;

class ProbeRequestDto {
  @IsString()
  @Length(1, 20)
  name!: string;

  @IsInt()
  @Min(0)
  count!: number;
}

/** Test-only routes that reach the global pipe and filter the way real slices will. */
// Public: these probe the pipe and the filter; auth.int-spec.ts covers the guard.
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  accept(@Body() body: ProbeRequestDto) {
    return { isDto: body instanceof ProbeRequestDto, body };
  }

  @Get('concurrency')
  concurrency(): never {
    throw new ConcurrencyError('participant-7f0c', '3', '4');
  }

  @Get('not-found')
  notFound(): never {
    throw new NotFoundError('participant-not-found', 'No participant with that id', 'participantId');
  }

  @Get('crash')
  crash(): never {
    throw new Error('connection string postgres://samspar:hunter2@db leaked');
  }
}

interface Running {
  readonly app: NestExpressApplication;
  readonly schema: string;
  stop(): Promise<void>;
}

/** The api on a real store: PostgreSQL when DATABASE_URL is set, PGlite in a temporary directory otherwise. */
async function startApi(options: { pglite?: boolean } = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-api-'));
  const usePostgres = !options.pglite && Boolean(process.env.DATABASE_URL);
  const schema = uniqueSchema('api');
  const config: AppConfig = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_SCHEMA: schema,
    ...(usePostgres ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  await app.init();
  return {
    app,
    schema,
    async stop() {
      // The read models get schemas of their own beside the event store's; drop them too, once nothing writes.
      const sql = app.get<SqlClient>(SQL_CLIENT);
      const schemas = usePostgres
        ? (
            await sql.query<{ name: string }>(
              "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'",
              [schema],
            )
          ).map((row) => row.name)
        : [];
      await app.close();
      if (schemas.length > 0) {
        const cleanup = PgSqlClient.connect(process.env.DATABASE_URL!);
        await cleanup.exec(schemas.map((name) => `DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE;`).join('\n'));
        await cleanup.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('The api', () => {
  let api: Running;

  beforeAll(async () => {
    api = await startApi();
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  const http = () => documentedRequest(api.app, { undocumented: /^\/probe(\/|$)/ });

  describe('When an orchestrator probes it', () => {
    it('is live', async () => {
      const response = await http().get('/health/live').expect(200);
      expect(response.body).toMatchObject({ status: 'ok' });
    });

    it('shows the position and lag of each read model when ready', async () => {
      let body: { details?: Record<string, { status: string; [name: string]: unknown }> } = {};
      for (let tries = 0; tries < 100; tries += 1) {
        body = (await http().get('/health/ready').expect(200)).body;
        if ((body.details?.['read-models']?.['journeys'] as { caughtUp?: boolean } | undefined)?.caughtUp) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(body.details?.['read-models']).toMatchObject({
        status: 'up',
        journeys: { generation: 1, caughtUp: true, lagSeconds: 0, leaderInThisProcess: true },
        catalogue: { generation: 1, caughtUp: true },
      });
    });

    it('gives Prometheus metrics without a token, read-model lag, the command cache and the kept journey replays among them', async () => {
      const response = await http().get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/^samspar_read_model_lag_seconds\{read_model="journeys"\} 0$/m);
      for (const gauge of ['hits', 'misses', 'streams']) {
        expect(response.text).toMatch(new RegExp(`^samspar_command_cache_${gauge} \\d+$`, 'm'));
      }
      for (const gauge of ['hits', 'misses', 'events']) {
        expect(response.text).toMatch(new RegExp(`^samspar_journey_reads_${gauge} \\d+$`, 'm'));
      }
      expect(response.text).toContain('samspar_process_cpu_seconds_total');
    });

    const noServer = process.env.DATABASE_URL
      ? undefined
      : 'DATABASE_URL is not set: holding an append open takes a second connection, which PGlite does not have';
    // Straight to stderr: jest drops console output of a skipped test.
    if (noServer) process.stderr.write(`SKIPPED: the read-horizon holder in readiness: ${noServer}\n`);
    (noServer ? it.skip : it)(
      `names a Samspår backend whose append holds readers back, in readiness and in /metrics${noServer ? ` [skipped: ${noServer}]` : ''}`,
      async () => {
        expect((await http().get('/metrics').expect(200)).text).toMatch(/^samspar_read_horizon_age_seconds 0$/m);
        const slow = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'stuck-writer' });
        await slow.connect();
        try {
          await slow.query('BEGIN');
          await slow.query(`SELECT ${quoteIdent(api.schema)}.begin_append()`);
          await slow.query('SELECT pg_current_xact_id()');
          const { pid } = (await slow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
          await new Promise((resolve) => setTimeout(resolve, 5_200));
          const ready = await http().get('/health/ready').expect(200);
          expect(ready.body.info['read-horizon']).toMatchObject({
            status: 'up',
            heldBy: { pid, application: 'stuck-writer', state: 'idle in transaction' },
          });
          const age = /^samspar_read_horizon_age_seconds (\S+)$/m.exec((await http().get('/metrics').expect(200)).text);
          expect(Number(age?.[1])).toBeGreaterThanOrEqual(5);
        } finally {
          await slow.query('ROLLBACK');
          await slow.end();
        }
        const after = await http().get('/health/ready').expect(200);
        expect(after.body.info['read-horizon']).toEqual({ status: 'up', heldBy: null });
      },
      20_000,
    );

    it('is ready once the event store answers a ping', async () => {
      const response = await http().get('/health/ready').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', info: { 'event-store': { status: 'up' } } });
    });
  });

  describe('When a developer reads the documentation', () => {
    it('serves the OpenAPI document as JSON', async () => {
      const response = await http().get('/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    });

    it('serves the Swagger UI', async () => {
      const response = await http().get('/docs').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('When any response goes out', () => {
    it('forbids content sniffing and carries the request id it was given', async () => {
      const response = await http().get('/health/live').set('X-Request-Id', 'req-42').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-request-id']).toBe('req-42');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('makes up a request id when the one given could forge a log line', async () => {
      const response = await http().get('/health/live').set('X-Request-Id', 'a b\tc').expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('When a body is valid', () => {
    it('hands the handler a DTO instance', async () => {
      const response = await http().post('/probe').send({ name: 'Anna', count: 2 }).expect(201);
      expect(response.body).toEqual({ isDto: true, body: { name: 'Anna', count: 2 } });
    });
  });

  describe('When a body breaks the DTO rules', () => {
    it('answers 400 problem+json naming each field and rule', async () => {
      const response = await http().post('/probe').send({ name: '', count: -1, extra: true }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://samspar.se/problems/invalid-request',
        title: expect.any(String),
        status: 400,
        detail: expect.any(String),
        instance: '/probe',
      });
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'name', rule: 'is-length', message: expect.any(String) },
          { field: 'count', rule: 'min', message: expect.any(String) },
          { field: 'extra', rule: 'unknown-field', message: expect.any(String) },
        ]),
      );
    });
  });

  describe('When a body cannot be read', () => {
    it('answers 400 problem+json to malformed JSON', async () => {
      const response = await http().post('/probe').set('Content-Type', 'application/json').send('{"name": "Anna",').expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/malformed-json', status: 400 });
    });

    it('answers 413 problem+json to a body over 1 MB', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 });
      const response = await http().post('/probe').set('Content-Type', 'application/json').send(big).expect(413);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/payload-too-large', status: 413 });
    });

    it('answers 415 problem+json to a body that is not JSON', async () => {
      const response = await http().post('/probe').set('Content-Type', 'text/plain').send('name=Anna').expect(415);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/unsupported-media-type', status: 415 });
    });
  });

  describe('When a handler throws a domain error', () => {
    it('answers 412 to a concurrency conflict', async () => {
      const response = await http().get('/probe/concurrency').expect(412);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://samspar.se/problems/revision-mismatch',
        status: 412,
        detail: expect.stringContaining('participant-7f0c'),
        instance: '/probe/concurrency',
      });
    });

    it('answers 404 to something that does not exist, naming the field', async () => {
      const response = await http().get('/probe/not-found').expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://samspar.se/problems/participant-not-found',
        status: 404,
        errors: [{ field: 'participantId', rule: 'participant-not-found', message: expect.any(String) }],
      });
    });
  });

  describe('When something unknown goes wrong', () => {
    it('answers 500 problem+json with a generic detail and no stack', async () => {
      const response = await http().get('/probe/crash').expect(500);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/internal-error', status: 500 });
      expect(response.body.requestId).toEqual(expect.any(String));
      expect(response.text).not.toMatch(/hunter2|stack|\.ts:\d+/);
    });

    it('answers 404 problem+json to a route that does not exist', async () => {
      const response = await http().get('/nowhere').expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/not-found', status: 404, instance: '/nowhere' });
    });
  });
});

describe('The api, when its database has gone away', () => {
  let api: Running;

  beforeAll(async () => {
    // PGlite, whatever DATABASE_URL says: closing its one connection is a real outage we can cause.
    api = await startApi({ pglite: true });
    await api.app.get<SqlClient>(SQL_CLIENT).close();
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('is still live', async () => {
    await documentedRequest(api.app, { undocumented: /^\/probe(\/|$)/ })
      .get('/health/live')
      .expect(200);
  });

  it('is not ready: 503 problem+json', async () => {
    const response = await documentedRequest(api.app, { undocumented: /^\/probe(\/|$)/ })
      .get('/health/ready')
      .expect(503);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({
      type: 'https://samspar.se/problems/service-unavailable',
      status: 503,
      detail: expect.stringContaining('event store'),
    });
  });
});
