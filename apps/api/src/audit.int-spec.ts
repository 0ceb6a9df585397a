import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { documentedRequest } from '@samspar/platform/testing';
import type { Response } from 'supertest';
import { AuditTrail, loadOrCreateDevSigningKey, signDevToken } from '@samspar/access';
import type { AuditRecord, Principal } from '@samspar/access';
import { EVENT_STORE, PgSqlClient, SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { uniqueSchema, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { loadConfig } from '@samspar/platform';
import { composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

const PROBLEM_JSON = /^application\/problem\+json/;
const ORG = randomUUID();
const OTHER_ORG = randomUUID();
const caseworker = (userId: string, organisationId: string, permissions: Principal['permissions'] = []): Principal => ({
  userId,
  role: 'caseworker',
  organisationIds: [organisationId],
  permissions,
});
const OWNER = caseworker('anna.berg', ORG);
const OWNER_WITH_PROTECTED = caseworker('per.holm', ORG, ['protected_identity']);
const OUTSIDER = caseworker('cecilia.ek', OTHER_ORG);
const MANAGER: Principal = { userId: 'maria.sten', role: 'manager', organisationIds: [ORG], permissions: [] };
/** The region's system admin, who registers the organisations and searches the whole log. */
const ADMIN: Principal = { userId: 'admin-1', role: 'admin', organisationIds: [], permissions: ['system_admin'] };
/** The other organisation's own admin, who sees only what was done for it. */
const OTHER_ADMIN: Principal = { userId: 'admin-2', role: 'admin', organisationIds: [OTHER_ORG], permissions: [] };
const PERSONAL = { firstName: 'Sahra', lastName: 'Lindqvist Warsame' };
const PERSONNUMMER = formatPersonnummer(composePersonnummer('1979-11-23', 457));

describe('The audit log of the api (log-based access control)', () => {
  let app: NestExpressApplication;
  let sql: SqlClient;
  let schema: string;
  let dataDir: string;
  const tokens = new Map<string, string>();
  const participantId = randomUUID();
  const protectedId = randomUUID();
  const participant = `/api/v1/participants/${participantId}`;

  /** A request as this principal (or nobody), with a request id of its own to find its audit rows by. */
  const as = (principal: Principal | undefined, method: 'get' | 'post', path: string) => {
    const requestId = randomUUID();
    let test = documentedRequest(app)[method](path).set('X-Request-Id', requestId);
    if (principal) test = test.set('Authorization', `Bearer ${tokens.get(principal.userId)!}`);
    return { test, requestId };
  };
  const rowsOf = async (requestId: string): Promise<AuditRecord[]> => {
    // A command's outcome row follows its answer.
    await app.get(AuditTrail).settled();
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT * FROM ${quoteIdent(schema)}.audit_log WHERE request_id = $1 ORDER BY id`,
      [requestId],
    );
    return rows.map((row) => ({
      id: Number(row['id']),
      at: new Date(row['at'] as string).toISOString(),
      userId: row['user_id'] as string,
      role: row['role'] as string,
      organisationId: row['organisation_id'] as string | null,
      action: row['action'] as string,
      endpoint: row['endpoint'] as string,
      participantId: row['participant_id'] as string | null,
      journeyId: row['journey_id'] as string | null,
      fields: row['fields'] as string[],
      purpose: row['purpose'] as string | null,
      consentIds: (row['consent_ids'] as string[] | null) ?? [],
      outcome: row['outcome'] as string,
      requestId: row['request_id'] as string | null,
    }));
  };
  const comparable = (response: Response) => ({
    status: response.status,
    type: (response.body as { type?: unknown }).type,
    detail: (response.body as { detail?: unknown }).detail,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samspar-audit-'));
    schema = uniqueSchema('audit');
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DATABASE_SCHEMA: schema,
      PROJECTIONS_IN_PROCESS: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    configureHttp(app, { openApi: false });
    await app.init();
    sql = app.get<SqlClient>(SQL_CLIENT);
    const key = await loadOrCreateDevSigningKey(dataDir);
    for (const principal of [OWNER, OWNER_WITH_PROTECTED, OUTSIDER, MANAGER, ADMIN, OTHER_ADMIN]) {
      tokens.set(principal.userId, await signDevToken(key, principal, { ttlSeconds: 900 }));
    }
    for (const [organisationId, name, kind] of [
      [ORG, 'Socialtjänsten Gotland', 'social_services'],
      [OTHER_ORG, 'Komvux Gotland', 'adult_education'],
    ] as const) {
      await as(ADMIN, 'post', '/api/v1/organisations')
        .test.send({ organisationId, name, kind, municipalityCode: '0980' })
        .expect(201);
    }
    await as(OWNER, 'post', '/api/v1/participants')
      .test.send({
        participantId,
        personnummer: PERSONNUMMER,
        ...PERSONAL,
        gender: 'kvinna',
        newlyArrived: false,
        educationBand: 'isced_3_4',
      })
      .expect(201);
    await as(OWNER, 'post', '/api/v1/participants')
      .test.send({
        participantId: protectedId,
        anonymous: true,
        anonymousReason: 'protected_identity',
        protectedIdentity: true,
        gender: 'annat',
        birthYear: 2001,
        newlyArrived: false,
        educationBand: 'isced_3_4',
      })
      .expect(201);
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    if (!app) return;
    await app.close();
    if (process.env.DATABASE_URL) {
      const cleanup = PgSqlClient.connect(process.env.DATABASE_URL);
      await cleanup.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await cleanup.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('When a caseworker reads a participant', () => {
    it('records one read: who, for which organisation, the route, the participant and the personal fields', async () => {
      const { test, requestId } = as(OWNER, 'get', participant);
      const response = await test.set('X-Purpose', 'Planering av insats').expect(200);
      expect(response.body.personal).toMatchObject({ status: 'ok' });
      expect(await rowsOf(requestId)).toEqual([
        {
          id: expect.any(Number),
          at: expect.any(String),
          userId: OWNER.userId,
          role: 'caseworker',
          organisationId: ORG,
          action: 'read',
          endpoint: 'GET /api/v1/participants/:participantId',
          participantId,
          journeyId: null,
          // The record shows the personnummer masked; its last four digits are a read of their own.
          fields: expect.arrayContaining(['firstName', 'lastName', 'personnummerMasked']),
          consentIds: [], // its own record needs no consent
          purpose: 'Planering av insats',
          outcome: '200',
          requestId,
        },
      ]);
    });

    it('shows the personnummer masked, and records revealing it as a read of the personnummer', async () => {
      const record = await as(OWNER, 'get', participant).test.expect(200);
      const masked = record.body.personal.value.personnummerMasked as string;
      expect(masked).toMatch(/^\d{8}-\*{4}$/);
      // Ids are random hex, and one may hold the same four digits by chance: they are taken out first.
      const withoutIds = JSON.stringify(record.body).replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, '<id>');
      expect(withoutIds).not.toContain(PERSONNUMMER.replace(/\D/g, '').slice(-4));
      const { test, requestId } = as(OWNER, 'get', `${participant}/personnummer`);
      const revealed = await test.expect(200);
      expect(revealed.headers['cache-control']).toBe('no-store');
      expect(revealed.body.personnummer.replace(/\D/g, '').slice(-10)).toBe(PERSONNUMMER.replace(/\D/g, '').slice(-10));
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({
          action: 'read',
          endpoint: 'GET /api/v1/participants/:participantId/personnummer',
          participantId,
          fields: ['personnummer'],
          outcome: '200',
        }),
      ]);
    });

    it('records a lookup by personnummer under the participant found, never the personnummer itself', async () => {
      const { test, requestId } = as(OWNER, 'get', `/api/v1/participants?personnummer=${PERSONNUMMER}`);
      await test.expect(200);
      const rows = await rowsOf(requestId);
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'read',
          endpoint: 'GET /api/v1/participants',
          participantId,
          fields: ['personnummer'],
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(PERSONNUMMER.slice(2, 8));
    });
  });

  describe('When a caseworker sends a command', () => {
    it('records its intent before it runs and its outcome after, under the participant and journey', async () => {
      const journeyId = randomUUID();
      const { test, requestId } = as(OWNER, 'post', `${participant}/journeys`);
      await test.send({ journeyId }).expect(201);
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'command', outcome: 'pending', participantId, journeyId, userId: OWNER.userId }),
        expect.objectContaining({
          action: 'command',
          outcome: '201',
          endpoint: 'POST /api/v1/participants/:participantId/journeys',
          participantId,
          journeyId,
          organisationId: ORG,
        }),
      ]);
    });

    it('records an idempotent replay too', async () => {
      const key = randomUUID();
      const body = {
        participantId: randomUUID(),
        anonymous: true,
        anonymousReason: 'no_consent',
        gender: 'man',
        birthYear: 1990,
        newlyArrived: false,
        educationBand: 'isced_3_4',
      };
      await as(OWNER, 'post', '/api/v1/participants').test.set('Idempotency-Key', key).send(body).expect(201);
      const replay = as(OWNER, 'post', '/api/v1/participants');
      const response = await replay.test.set('Idempotency-Key', key).send(body).expect(201);
      expect(response.headers['idempotent-replayed']).toBe('true');
      expect((await rowsOf(replay.requestId)).map((row) => row.outcome)).toEqual(['pending', '201']);
    });
  });

  describe('When a caseworker of another organisation tries', () => {
    it('records a denial with 404, and answers exactly as for an unknown id', async () => {
      const { test, requestId } = as(OUTSIDER, 'get', participant);
      const hidden = await test;
      const unknown = await as(OUTSIDER, 'get', `/api/v1/participants/${randomUUID()}`).test;
      expect(comparable(hidden)).toEqual({ ...comparable(unknown), status: 404 });
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({
          action: 'denied',
          outcome: '404',
          userId: OUTSIDER.userId,
          organisationId: OTHER_ORG,
          participantId,
        }),
      ]);
    });
  });

  describe('When the sign-in guard refuses', () => {
    it('records a manager on a caseworker route as denied with 403', async () => {
      const { test, requestId } = as(MANAGER, 'get', participant);
      await test.expect(403);
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'denied', outcome: '403', userId: MANAGER.userId, role: 'manager', participantId }),
      ]);
    });

    it('records a request without a token as denied with 401, by anonymous', async () => {
      const { test, requestId } = as(undefined, 'get', participant);
      await test.expect(401);
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'denied', outcome: '401', userId: 'anonymous', organisationId: null, participantId }),
      ]);
    });

    it('records a refusal on an aggregate route too, which reads no personal data when allowed', async () => {
      const { test, requestId } = as(undefined, 'get', '/api/v1/reports/outcomes');
      await test.expect(401);
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({
          action: 'denied',
          outcome: '401',
          userId: 'anonymous',
          endpoint: 'GET /api/v1/reports/outcomes',
        }),
      ]);
    });
  });

  describe('When the participant has skyddade personuppgifter', () => {
    const path = `/api/v1/participants/${protectedId}`;

    it('refuses a read without X-Purpose with 400 purpose-required, naming the header, and records the denial', async () => {
      const { test, requestId } = as(OWNER_WITH_PROTECTED, 'get', path);
      const response = await test.expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://samspar.se/problems/purpose-required',
        errors: [expect.objectContaining({ field: 'X-Purpose' })],
      });
      expect(response.body).not.toHaveProperty('attributes');
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'denied', outcome: '400', participantId: protectedId, purpose: null }),
      ]);
    });

    it('shows it with a purpose, and records the purpose', async () => {
      const { test, requestId } = as(OWNER_WITH_PROTECTED, 'get', path);
      await test.set('X-Purpose', 'Uppföljning efter avslutad insats').expect(200);
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'read', outcome: '200', purpose: 'Uppföljning efter avslutad insats' }),
      ]);
    });

    it('refuses a purpose that holds a personnummer with 400, and keeps it out of the log', async () => {
      const { test, requestId } = as(OWNER_WITH_PROTECTED, 'get', path);
      const response = await test.set('X-Purpose', `Gäller ${PERSONNUMMER}`).expect(400);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/purpose-personal-data' });
      expect(await rowsOf(requestId)).toEqual([expect.objectContaining({ outcome: '400', purpose: null })]);
    });
  });

  describe('When someone tries to change the log', () => {
    it('refuses UPDATE and DELETE', async () => {
      const table = `${quoteIdent(schema)}.audit_log`;
      await expect(sql.exec(`UPDATE ${table} SET outcome = '200' WHERE action = 'denied'`)).rejects.toThrow(/append-only/);
      await expect(sql.exec(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      expect((await sql.query(`SELECT 1 FROM ${table} WHERE action = 'denied' LIMIT 1`)).length).toBe(1);
    });
  });

  describe('When an admin queries the log', () => {
    it('filters by participant, newest first, and records the query under that participant', async () => {
      const { test, requestId } = as(ADMIN, 'get', `/api/v1/admin/audit?participantId=${participantId}&limit=500`);
      const response = await test.expect(200);
      const entries = response.body.entries as AuditRecord[];
      expect(entries.length).toBeGreaterThan(3);
      expect(entries.every((entry) => entry.participantId === participantId)).toBe(true);
      expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((a, b) => b - a));
      expect(new Set(entries.map((entry) => entry.action))).toEqual(new Set(['read', 'command', 'denied']));
      expect(await rowsOf(requestId)).toEqual([
        expect.objectContaining({ action: 'read', endpoint: 'GET /api/v1/admin/audit', userId: ADMIN.userId, participantId }),
      ]);
    });

    it("shows an organisation's own admin only the acts done for that organisation, and refuses a search of another's", async () => {
      const own = (await as(OTHER_ADMIN, 'get', '/api/v1/admin/audit?limit=500').test.expect(200)).body.entries as AuditRecord[];
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((entry) => entry.organisationId === OTHER_ORG)).toBe(true);
      const all = (await as(ADMIN, 'get', '/api/v1/admin/audit?limit=500').test.expect(200)).body.entries as AuditRecord[];
      expect(all.some((entry) => entry.organisationId === ORG)).toBe(true);

      const refused = await as(OTHER_ADMIN, 'get', `/api/v1/admin/audit?organisationId=${ORG.toUpperCase()}`).test.expect(403);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/not-your-organisation$/),
        errors: [expect.objectContaining({ field: 'organisationId', rule: 'not-your-organisation' })],
      });
      const byParticipant = (
        await as(OTHER_ADMIN, 'get', `/api/v1/admin/audit?participantId=${participantId}&limit=500`).test.expect(200)
      ).body.entries as AuditRecord[];
      expect(byParticipant.every((entry) => entry.organisationId === OTHER_ORG)).toBe(true);
    });

    it('filters by user, organisation and period, and pages with before', async () => {
      const byUser = (await as(ADMIN, 'get', `/api/v1/admin/audit?userId=${OUTSIDER.userId}`).test.expect(200)).body.entries;
      expect(byUser.length).toBeGreaterThan(0);
      expect(byUser.every((entry: AuditRecord) => entry.userId === OUTSIDER.userId)).toBe(true);
      const byOrg = (await as(ADMIN, 'get', `/api/v1/admin/audit?organisationId=${OTHER_ORG}`).test.expect(200)).body.entries;
      // The other admin's own queries are rows of that organisation too.
      const ofOutsider = byOrg.filter((entry: AuditRecord) => entry.userId !== OTHER_ADMIN.userId);
      expect(ofOutsider.map((entry: AuditRecord) => entry.userId)).toEqual(byUser.map((entry: AuditRecord) => entry.userId));
      const future = await as(ADMIN, 'get', '/api/v1/admin/audit?from=2999-01-01').test.expect(200);
      expect(future.body).toEqual({ entries: [], nextBefore: null });
      const past = await as(ADMIN, 'get', '/api/v1/admin/audit?to=2000-01-01').test.expect(200);
      expect(past.body.entries).toEqual([]);
      const first = (await as(ADMIN, 'get', `/api/v1/admin/audit?participantId=${participantId}&limit=2`).test.expect(200)).body;
      expect(first.entries).toHaveLength(2);
      expect(first.nextBefore).toBe(first.entries[1].id);
      const next = (
        await as(
          ADMIN,
          'get',
          `/api/v1/admin/audit?participantId=${participantId}&limit=2&before=${first.nextBefore}`,
        ).test.expect(200)
      ).body;
      expect(next.entries[0].id).toBeLessThan(first.nextBefore);
    });

    it('answers CSV with a header row when asked for text/csv', async () => {
      const response = await as(ADMIN, 'get', `/api/v1/admin/audit?userId=${MANAGER.userId}`)
        .test.set('Accept', 'text/csv')
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'id,at,userId,role,organisationId,action,endpoint,participantId,journeyId,fields,purpose,outcome,requestId',
      );
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.slice(1).every((line) => line.includes(`,${MANAGER.userId},manager,`))).toBe(true);
      expect(lines[1]).toContain(',denied,GET /api/v1/participants/:participantId,');
    });

    it('refuses a caseworker with 403, recorded as a denial', async () => {
      const { test, requestId } = as(OWNER, 'get', '/api/v1/admin/audit');
      await test.expect(403);
      expect(await rowsOf(requestId)).toEqual([expect.objectContaining({ action: 'denied', outcome: '403' })]);
    });

    it('refuses a bad filter with 400', async () => {
      await as(ADMIN, 'get', '/api/v1/admin/audit?limit=10001').test.expect(400);
      await as(ADMIN, 'get', '/api/v1/admin/audit?from=yesterday').test.expect(400);
    });
  });

  describe('When the audit log cannot be written', () => {
    const table = () => `${quoteIdent(schema)}.audit_log`;
    beforeEach(async () => {
      await sql.exec(`ALTER TABLE ${table()} RENAME TO audit_log_away`);
    });
    afterEach(async () => {
      await sql.exec(`ALTER TABLE ${quoteIdent(schema)}.audit_log_away RENAME TO audit_log`);
    });

    it('answers a read with 503 audit-unavailable and sends no personal data', async () => {
      const response = await as(OWNER, 'get', participant).test;
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/audit-unavailable', status: 503 });
      expect(response.text).not.toContain(PERSONAL.firstName);
      expect(response.headers['etag']).toBeUndefined();
    });

    it('answers a command with 503 and does not run it', async () => {
      const store = app.get<EventStore>(EVENT_STORE);
      const before = await countEvents(store, `participant-${participantId}`);
      const response = await as(OWNER, 'post', `${participant}/journeys`).test.send({ journeyId: randomUUID() });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/audit-unavailable' });
      expect(await countEvents(store, `participant-${participantId}`)).toBe(before);
    });

    it('answers a denial in the guard with 503 too', async () => {
      await as(undefined, 'get', participant).test.expect(503);
    });
  });
});

async function countEvents(store: EventStore, streamId: string): Promise<number> {
  let count = 0;
  for await (const _event of store.readStream(streamId)) count += 1;
  return count;
}
