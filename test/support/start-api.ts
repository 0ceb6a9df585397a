import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { DevSigningKey, Principal, loadOrCreateDevSigningKey, signDevToken } from '@samspar/access';
import { PgSqlClient, SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { createOpenApiDocument, loadConfig } from '@samspar/platform';
import { OpenApiResponseValidator } from '@samspar/platform/testing';
import { validateResponses } from './raw-http';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http/configure-http';

export interface RunningApi {
  readonly app: NestExpressApplication;
  readonly baseUrl: string;
  readonly schema: string;
  readonly usesPostgres: boolean;
  readonly sql: SqlClient;
  readonly devKey: DevSigningKey;
  token(principal: Principal, ttlSeconds?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole api as main.ts composes it (AppModule, pino, configureHttp) on a loopback port, on a fresh
 * schema of DATABASE_URL (PGlite in a temporary directory without it, or when `store` says so), with
 * development sign-in.
 */
export async function startApi(
  env: Readonly<Record<string, string>> = {},
  /** `validateResponses: false` for specs that send what the document forbids on purpose (attacks, fuzzing). */
  options: { readonly store?: 'pglite'; readonly validateResponses?: boolean } = {},
): Promise<RunningApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-hardening-'));
  // PGlite when asked for, so that a run against PostgreSQL can check the embedded store as well.
  const usesPostgres = options.store !== 'pglite' && Boolean(process.env.DATABASE_URL);
  const schema = uniqueSchema('hard');
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_SCHEMA: schema,
    ...(usesPostgres ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  if (options.validateResponses ?? true) validateResponses(baseUrl, new OpenApiResponseValidator(createOpenApiDocument(app)));
  const devKey = await loadOrCreateDevSigningKey(dataDir);
  const sql = app.get<SqlClient>(SQL_CLIENT);
  return {
    app,
    baseUrl,
    schema,
    usesPostgres,
    sql,
    devKey,
    token: (principal, ttlSeconds = 3_600) => signDevToken(devKey, principal, { ttlSeconds }),
    async stop() {
      const schemas = usesPostgres
        ? (
            await sql.query<{ name: string }>(
              "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'",
              [schema],
            )
          ).map((row) => row.name)
        : [];
      validateResponses(baseUrl, undefined);
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
