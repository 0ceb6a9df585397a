import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response, Test } from 'supertest';
import type { Principal } from '@samspar/access';
import type { EventStore, SqlClient } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';

// Spelt out rather than imported from @samspar/platform, and checked when the api starts: every decider spec
// loads this index, and must not pay for loading Nest. For the same reason the api's modules load in startJourneysApi.
const PROBLEM_TYPE_BASE = 'https://samspar.se/problems/';

export const PROBLEM_JSON = /^application\/problem\+json/;
export const problemType = (rule: string): string => `${PROBLEM_TYPE_BASE}${rule}`;

/** A refusal as RFC 9457 problem+json, with the rule as its type. */
export function expectProblem(response: Response, status: number, rule: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  expect(response.body).toMatchObject({ type: problemType(rule), status });
}

export interface ApiRequests {
  get(path: string): Test;
  post(path: string): Test;
}

export interface JourneysApi {
  readonly app: NestExpressApplication;
  /** The schema of the event store's tables (and the idempotency keys). */
  readonly schema: string;
  readonly store: EventStore;
  /** Signs development tokens for these principals, as `npm run token` does; call before `as`. */
  signIn(...principals: readonly Principal[]): Promise<void>;
  /** Requests with the bearer token of a principal signed in before, found by its userId. */
  as(principal: Principal): ApiRequests;
  /** Requests without any token. */
  readonly anonymous: ApiRequests;
  /** Appends events as an admin wrote them: the catalogue, set up without its routes. */
  seed(streamId: string, events: ReadonlyArray<{ type: string; data: object }>): Promise<void>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
  stop(): Promise<void>;
}

/**
 * The api's wiring, as apps/api composes it, with the journeys module and real development tokens;
 * PostgreSQL when DATABASE_URL is set, else PGlite.
 */
export interface JourneysApiOptions {
  /** More modules for the app, e.g. the read models; they get the schema of the event tables. */
  readonly imports?: (schema: string) => ReadonlyArray<DynamicModule | Type<unknown>>;
  /** The schema of the event tables; a fresh one by default. */
  readonly schema?: string;
}

export async function startJourneysApi(options: JourneysApiOptions = {}): Promise<JourneysApi> {
  const [
    { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE },
    { Test: NestTest },
    { Logger, LoggerModule },
    { default: request },
    access,
    { EVENT_STORE, EventStoreModule, SQL_CLIENT, quoteIdent },
    { uniqueSchema },
    platform,
    { PrivacyModule },
    { JourneysModule },
    { OpenApiResponseValidator },
  ] = await Promise.all([
    import('@nestjs/core'),
    import('@nestjs/testing'),
    import('nestjs-pino'),
    import('supertest'),
    import('@samspar/access'),
    import('@samspar/event-store'),
    import('@samspar/event-store/testing'),
    import('@samspar/platform'),
    import('@samspar/privacy'),
    // The lib's own index: a relative import() would need a file extension under nodenext.
    import('@samspar/journeys'),
    import('@samspar/platform/testing'),
  ]);
  if (platform.PROBLEM_TYPE_BASE !== PROBLEM_TYPE_BASE) throw new Error('PROBLEM_TYPE_BASE differs from the platform’s');

  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-journeys-'));
  const usePostgres = Boolean(process.env.DATABASE_URL);
  const schema = options.schema ?? uniqueSchema('journeys');
  const config = platform.loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_SCHEMA: schema,
    ...(usePostgres ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const moduleRef = await NestTest.createTestingModule({
    imports: [
      platform.ConfigModule.forRoot(config),
      LoggerModule.forRoot(platform.loggerParams({ level: config.logLevel, service: 'samspar-api' })),
      // Nothing outlives the app, so PGlite keeps the data in memory: extracting a data directory to disk costs more.
      EventStoreModule.forRoot({ ...platform.eventStoreConfigOf(config), ...(usePostgres ? {} : { dataDir: 'memory://' }) }),
      PrivacyModule.forRoot({ keys: { masterKey: randomBytes(32), lookupKey: randomBytes(32) }, schema }),
      access.AccessModule.forRoot({ mode: 'development', dataDir }),
      access.AuditModule.forRoot({ schema }),
      platform.CommandsModule.forRoot({ callerOf: (req) => access.principalOf(req)?.userId }),
      JourneysModule.forRoot({ schema }),
      ...(options.imports?.(schema) ?? []),
    ],
    providers: [
      { provide: APP_PIPE, useFactory: platform.createValidationPipe },
      { provide: APP_FILTER, useClass: platform.ProblemDetailsFilter },
      { provide: APP_FILTER, useClass: access.UnauthenticatedFilter },
      { provide: APP_FILTER, useClass: access.AuditUnavailableFilter },
      { provide: APP_GUARD, useExisting: access.AuthGuard },
      // Before CommandsModule's interceptor, as in the api, so that it sees every outcome.
      { provide: APP_INTERCEPTOR, useExisting: access.AuditInterceptor },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();

  const store = app.get<EventStore>(EVENT_STORE);
  // Every response a spec receives must be one the OpenAPI document declares.
  const validator = new OpenApiResponseValidator(platform.createOpenApiDocument(app));
  const declared = (method: string, path: string) => (response: Response) =>
    validator.check(method, path, {
      status: response.status,
      contentType: response.headers['content-type'] as string | undefined,
      text: response.text,
    });
  // The key the api made in DATA_DIR when it started.
  const devKey = await access.loadOrCreateDevSigningKey(dataDir);
  const tokens = new Map<string, string>();
  const requests = (authorization?: string): ApiRequests => {
    const signed = (test: Test) => (authorization ? test.set('Authorization', authorization) : test);
    return {
      get: (path) => signed(request(app.getHttpServer()).get(path)).expect(declared('GET', path)),
      post: (path) => signed(request(app.getHttpServer()).post(path)).expect(declared('POST', path)),
    };
  };

  return {
    app,
    schema,
    store,
    async signIn(...principals) {
      for (const principal of principals) {
        tokens.set(principal.userId, await access.signDevToken(devKey, principal, { ttlSeconds: 900 }));
      }
    },
    as(principal) {
      const token = tokens.get(principal.userId);
      if (!token) throw new Error(`${principal.userId} is not signed in: call signIn first`);
      return requests(`Bearer ${token}`);
    },
    anonymous: requests(),
    async seed(streamId, events) {
      await store.append(
        streamId,
        events.map((event) => ({
          id: randomUUID(),
          ...event,
          metadata: { occurredAt: '2024-01-02T08:00:00.000Z', schemaVersion: 1, actor: { userId: 'admin-1', role: 'admin' } },
        })),
        { expectedRevision: 'no_stream' },
      );
    },
    async readStream(streamId) {
      const all: RecordedEvent[] = [];
      for await (const event of store.readStream(streamId)) all.push(event);
      return all;
    },
    async stop() {
      // Stop first: background work (read models) must not write into schemas being dropped.
      const sql = app.get<SqlClient>(SQL_CLIENT);
      const schemas = usePostgres
        ? (
            await sql.query<{ name: string }>(
              "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_rm\\_%'",
              [schema],
            )
          ).map((row) => row.name)
        : [];
      await app.close();
      if (schemas.length > 0) {
        const { PgSqlClient } = await import('@samspar/event-store');
        const cleanup = PgSqlClient.connect(process.env.DATABASE_URL!);
        await cleanup.exec(schemas.map((name) => `DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE;`).join('\n'));
        await cleanup.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
