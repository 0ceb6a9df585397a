import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadOrCreateDevSigningKey, signDevToken } from '@samspar/access';
import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { loadConfig } from '@samspar/platform';
import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

interface Answer {
  readonly requestId: string;
  readonly status: number;
}

/**
 * `app.close()` with commands in flight, as a test or a benchmark stops an api it started: the requests it took
 * are answered and their audit rows written before the pools end. Before, Nest cut the connections and ended the
 * pools while those requests ran on, and their rows were lost ("Cannot use a pool after calling end on the pool").
 */
describeWhen(postgresForTests.available, postgresForTests.reason)('Closing the api while commands are in flight', () => {
  jest.setTimeout(120_000);
  const url = usePostgres();
  const schema = uniqueSchema('close_load');
  const answers: Answer[] = [];
  let dataDir: string;
  let sql: PgSqlClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samspar-close-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DATABASE_URL: url(),
      DATABASE_SCHEMA: schema,
      PROJECTIONS_IN_PROCESS: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false });
    configureHttp(app, { openApi: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const admin = await signDevToken(
      await loadOrCreateDevSigningKey(dataDir),
      { userId: 'admin-1', role: 'admin', organisationIds: [], permissions: ['system_admin'] },
      { ttlSeconds: 900 },
    );
    const organisationId = randomUUID();
    const registered = await fetch(`${base}/api/v1/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ organisationId, name: 'AME Kiruna', kind: 'labour_market_unit', municipalityCode: '2584' }),
    });
    expect(registered.status).toBe(201);
    const token = await signDevToken(
      await loadOrCreateDevSigningKey(dataDir),
      { userId: 'close-caseworker', role: 'caseworker', organisationIds: [organisationId], permissions: [] },
      { ttlSeconds: 900 },
    );

    let closing = false;
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (!closing) {
        const requestId = randomUUID();
        try {
          const response = await fetch(`${base}/api/v1/participants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
            body: JSON.stringify({
              participantId: randomUUID(),
              anonymous: true,
              anonymousReason: 'no_consent',
              birthYear: 1980,
              gender: 'man',
              newlyArrived: false,
              educationBand: 'unknown',
            }),
          });
          await response.arrayBuffer();
          answers.push({ requestId, status: response.status });
          sent++;
        } catch {
          // The listener is closed: the connection was refused, nothing was taken.
          return;
        }
      }
    };
    const workers = Array.from({ length: 16 }, () => worker());
    while (sent < 100) await new Promise((resolve) => setTimeout(resolve, 10));
    await app.close();
    closing = true;
    await Promise.all(workers);
    sql = PgSqlClient.connect(url());
  });

  afterAll(async () => {
    await sql?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every command it took', () => {
    expect(answers.length).toBeGreaterThanOrEqual(100);
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);
  });

  it('wrote the outcome row of every command it answered', async () => {
    const answered = answers.map((answer) => answer.requestId);
    const rows = await sql.query<{ request_id: string }>(
      `SELECT request_id FROM ${quoteIdent(schema)}.audit_log WHERE request_id = ANY($1) AND outcome = '201'`,
      [answered],
    );
    const recorded = new Set(rows.map((row) => row.request_id));
    expect(answered.filter((id) => !recorded.has(id))).toEqual([]);
  });
});
