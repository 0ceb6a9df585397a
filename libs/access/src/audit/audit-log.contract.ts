import { randomUUID } from 'node:crypto';
import { quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import type { AuditEntry } from './audit-log';
import { PostgresAuditLog } from './postgres-audit-log';

export interface AuditLogFixture {
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

const ORG = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  userId: 'anna',
  role: 'caseworker',
  organisationId: ORG,
  action: 'read',
  endpoint: 'GET /api/v1/participants/:participantId',
  participantId: randomUUID(),
  fields: ['personnummer'],
  outcome: '200',
  requestId: randomUUID(),
  ...overrides,
});

/** The same behaviour on PostgreSQL and on PGlite. */
export function auditLogContract(open: () => Promise<AuditLogFixture>): void {
  let fixture: AuditLogFixture;
  let log: PostgresAuditLog;
  let table: string;

  beforeAll(async () => {
    fixture = await open();
    log = await PostgresAuditLog.open(fixture.sql, fixture.schema);
    table = `${quoteIdent(fixture.schema)}.audit_log`;
  });
  afterAll(async () => {
    await fixture.close();
  });

  describe('When an entry is recorded', () => {
    it('reads back with every field, newest first', async () => {
      const consentId = randomUUID();
      const first = entry({ purpose: 'Uppföljning av insats', journeyId: randomUUID(), consentIds: [consentId] });
      const second = entry({ participantId: first.participantId, action: 'command', outcome: '201', fields: [] });
      await log.record(first);
      await log.record(second);
      const found = await log.find({ participantId: first.participantId!, limit: 10 });
      expect(found).toEqual([
        expect.objectContaining({
          action: 'command',
          outcome: '201',
          fields: [],
          purpose: null,
          journeyId: null,
          consentIds: [],
        }),
        {
          id: expect.any(Number),
          at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          userId: 'anna',
          role: 'caseworker',
          organisationId: ORG,
          action: 'read',
          endpoint: first.endpoint,
          participantId: first.participantId,
          journeyId: first.journeyId,
          fields: ['personnummer'],
          consentIds: [consentId],
          purpose: 'Uppföljning av insats',
          outcome: '200',
          requestId: first.requestId,
        },
      ]);
      expect(found[0]!.id).toBeGreaterThan(found[1]!.id);
    });
  });

  describe('When many requests record at once', () => {
    it('writes every row whole, those that waited sharing a statement, and answers each only once its row is in', async () => {
      const userId = `burst-${randomUUID()}`;
      const at = new Date('2026-03-02T09:00:00.000Z');
      const entries = Array.from({ length: 60 }, (_, i) =>
        entry({
          userId,
          outcome: String(200 + (i % 3)),
          fields: i % 2 === 0 ? ['personnummer', 'firstName'] : [],
          consentIds: i % 5 === 0 ? [randomUUID(), randomUUID()] : [],
          ...(i % 4 === 0 ? { purpose: `Uppföljning ${i}`, journeyId: randomUUID() } : {}),
          ...(i % 7 === 0 ? { at: at.toISOString() } : {}),
          ...(i % 9 === 0 ? { organisationId: undefined, participantId: undefined } : {}),
        }),
      );
      const recorded = new Set<string>();
      await Promise.all(entries.map((each) => log.record(each).then(() => recorded.add(each.requestId!))));
      expect(recorded.size).toBe(entries.length);
      const found = await log.find({ userId, limit: 100 });
      const byRequest = new Map(found.map((row) => [row.requestId, row]));
      for (const each of entries) {
        expect(byRequest.get(each.requestId!)).toMatchObject({
          outcome: each.outcome,
          fields: each.fields,
          consentIds: each.consentIds,
          purpose: each.purpose ?? null,
          journeyId: each.journeyId ?? null,
          organisationId: each.organisationId ?? null,
          participantId: each.participantId ?? null,
          ...(each.at ? { at: at.toISOString() } : {}),
        });
      }
    });
  });

  describe('When an admin filters', () => {
    it('combines user, organisation, period and the before cursor', async () => {
      const other = '9b2d4e6f-1a3c-4e5b-8d7f-0c2e4a6b8d10';
      const user = `u-${randomUUID()}`;
      await log.record(entry({ userId: user, at: '2025-01-10T10:00:00.000Z' }));
      await log.record(entry({ userId: user, at: '2025-02-10T10:00:00.000Z', organisationId: other }));
      await log.record(entry({ userId: user, at: '2025-03-10T10:00:00.000Z' }));
      const all = await log.find({ userId: user, limit: 10 });
      expect(all.map((row) => row.at.slice(0, 7))).toEqual(['2025-03', '2025-02', '2025-01']);
      expect((await log.find({ userId: user, organisationId: other, limit: 10 })).map((row) => row.at.slice(0, 7))).toEqual([
        '2025-02',
      ]);
      const period = await log.find({
        userId: user,
        from: new Date('2025-02-01'),
        to: new Date('2025-03-10T10:00:00Z'),
        limit: 10,
      });
      expect(period.map((row) => row.at.slice(0, 7))).toEqual(['2025-02']);
      const page = await log.find({ userId: user, limit: 2 });
      expect(page).toHaveLength(2);
      expect(await log.find({ userId: user, before: page[1]!.id, limit: 2 })).toEqual([all[2]]);
    });

    it("keeps an organisation's admin to its own organisations' rows, whatever the ids' case", async () => {
      const other = '9b2d4e6f-1a3c-4e5b-8d7f-0c2e4a6b8d11';
      const user = `u-${randomUUID()}`;
      await log.record(entry({ userId: user }));
      await log.record(entry({ userId: user, organisationId: other }));
      const own = await log.find({ userId: user, withinOrganisations: [other.toUpperCase()], limit: 10 });
      expect(own.map((row) => row.organisationId)).toEqual([other]);
      expect(await log.find({ userId: user, withinOrganisations: [], limit: 10 })).toEqual([]);
    });
  });

  describe('When someone tries to change the log', () => {
    it.each([
      ['UPDATE', (t: string) => `UPDATE ${t} SET outcome = '200'`],
      ['DELETE', (t: string) => `DELETE FROM ${t}`],
      ['TRUNCATE', (t: string) => `TRUNCATE ${t}`],
    ])('refuses %s', async (_verb, statement) => {
      await log.record(entry());
      const before = await fixture.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      await expect(fixture.sql.exec(statement(table))).rejects.toThrow(/append-only/);
      expect(await fixture.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).toEqual(before);
    });
  });

  describe('When an entry would hold personal data', () => {
    it('refuses a purpose with a personnummer, and writes nothing', async () => {
      const participantId = randomUUID();
      await expect(log.record(entry({ participantId, purpose: 'gäller 19900101-2385' }))).rejects.toMatchObject({
        rule: 'purpose-personal-data',
      });
      expect(await log.find({ participantId, limit: 10 })).toEqual([]);
    });

    it('refuses an id that is not a uuid', async () => {
      await expect(log.record(entry({ participantId: '19900101-2385' }))).rejects.toThrow(/uuid/);
    });
  });

  describe('When it is opened again', () => {
    it('migrates nothing twice and keeps the rows', async () => {
      const participantId = randomUUID();
      await log.record(entry({ participantId }));
      const again = await PostgresAuditLog.open(fixture.sql, fixture.schema);
      expect(await again.find({ participantId, limit: 10 })).toHaveLength(1);
    });
  });
}
