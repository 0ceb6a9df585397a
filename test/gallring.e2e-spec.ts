import { randomUUID } from 'node:crypto';
import { AUDIT_LOG, PostgresAuditLog } from '@samspar/access';
import type { AuditLog, Principal } from '@samspar/access';
import { EVENT_STORE, SQL_CLIENT } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { PARTICIPANT_REGISTRY, ParticipantRegistry } from '@samspar/journeys';
import type { JourneysApi } from '@samspar/journeys/testing';
import { APP_CONFIG } from '@samspar/platform';
import type { AppConfig } from '@samspar/platform';
import { KEY_VAULT, KeyVault, RECORD_KEYS, composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import type { RecordKeys } from '@samspar/privacy';
import {
  READ_MODEL_REGISTRY,
  ReadModelRegistry,
  Report,
  ReportFilters,
  Disclosure,
  EXACT,
  PUBLISHED,
  buildAsOf,
  readModelProjections,
  caseloadReport,
  entryProfileReport,
  outcomesReport,
  referralFlowsReport,
  referralInboxReport,
  referralOutboxReport,
  referralsReceivedReport,
  transitionsReport,
} from '@samspar/read-models';
import { startReportsApi } from '@samspar/read-models/testing';
import { DEFAULT_RESEARCH_DAYS, runGallring } from '@samspar/retention';

/**
 * Gallring across the whole system: after the keys are destroyed, every event still reads with its personal
 * fields erased, nobody is found by personnummer, and every report, live, as of a past instant and rebuilt
 * from the log, gives the same figures as before.
 */
const SOC = randomUUID();
const AME = randomUUID();
const TRACK = randomUUID();
const principal = (
  userId: string,
  role: Principal['role'],
  organisationIds: string[],
  permissions: Principal['permissions'] = [],
): Principal => ({
  userId,
  role,
  organisationIds,
  permissions,
});
const ADMIN = principal('admin-1', 'admin', [SOC], ['system_admin']);
const SENDER = principal('anna.berg', 'caseworker', [SOC]);
const RECEIVER = principal('karin.ek', 'caseworker', [AME]);
const MANAGER = principal('mats.holm', 'manager', [SOC, AME]);

// None on a research day (5, 15, 25); the thirteenth person, born on the 15th, is kept.
const BIRTH_DATES = [
  '1990-01-10',
  '1991-02-11',
  '1992-03-12',
  '1993-04-13',
  '1994-05-14',
  '1995-06-16',
  '1996-07-17',
  '1980-10-01',
  '1981-11-02',
  '1982-12-03',
  '1983-01-04',
  '1984-02-06',
];

const HTTP_REPORTS = [
  'outcomes',
  'outcomes/transitions',
  'entry-profile',
  'caseload?groupBy=organisation',
  'caseload?groupBy=caseworker',
  'caseload?groupBy=unit',
  'referral-inbox',
  'referral-outbox',
  'referrals',
  'referrals/flows',
];

interface Person {
  readonly participantId: string;
  readonly personnummer: string;
  readonly journeyId?: string;
}

describe('Gallring end to end', () => {
  let api: JourneysApi;
  let store: EventStore;
  let sql: SqlClient;
  let schema: string;
  let vault: KeyVault;
  let registry: ParticipantRegistry;
  let audit: AuditLog;
  let readModels: ReadModelRegistry;
  let position = '';
  let then = '';
  const people: Person[] = [];
  const today = new Date().toISOString().slice(0, 10);

  async function post(who: Principal, path: string, body: object): Promise<{ id: string; position: string }> {
    const response = await api.as(who).post(path).send(body);
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    position = response.body.position;
    return response.body;
  }

  /** Registered by social services, referred to the labour-market unit, and (if answered) through the track. */
  async function journey(index: number, birthDate: string, answered: boolean): Promise<Person> {
    const participantId = randomUUID();
    const personnummer = composePersonnummer(birthDate, 200 + index);
    await post(SENDER, '/api/v1/participants', {
      participantId,
      personnummer: formatPersonnummer(personnummer),
      firstName: 'Anna',
      lastName: `Berg ${index}`,
      gender: index % 2 === 0 ? 'kvinna' : 'man',
      newlyArrived: index % 3 === 0,
      educationBand: 'isced_3_4',
    });
    await post(SENDER, `/api/v1/participants/${participantId}/consents`, {
      consentId: randomUUID(),
      organisationIds: [AME],
      purpose: 'samverkan_arbete',
      validFrom: today,
    });
    const referralId = randomUUID();
    await post(SENDER, `/api/v1/participants/${participantId}/referrals`, {
      referralId,
      toOrganisationId: AME,
      reason: 'work_preparation',
      suggestedTrackId: TRACK,
    });
    if (!answered) return { participantId, personnummer };

    await post(RECEIVER, `/api/v1/referrals/${referralId}/acceptance`, {});
    const journeyId = randomUUID();
    const enrolmentId = randomUUID();
    const path = `/api/v1/participants/${participantId}/journeys/${journeyId}`;
    await post(RECEIVER, `/api/v1/participants/${participantId}/journeys`, { journeyId });
    await post(RECEIVER, `${path}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
    });
    await post(RECEIVER, `${path}/enrolments`, { enrolmentId, trackId: TRACK });
    await post(RECEIVER, `${path}/enrolments/${enrolmentId}/end`, {});
    const employed = index % 4 !== 3;
    await post(RECEIVER, `${path}/statuses`, {
      statusId: randomUUID(),
      moment: 'exit',
      status: employed ? 'employed' : 'job_seeking',
      incomeSources: employed ? ['salary'] : ['income_support'],
      ...(employed ? { expectedToLastOneMonth: true } : {}),
      enrolmentId,
    });
    return { participantId, personnummer, journeyId };
  }

  /** What the system recorded, oldest first; the api records the caseworkers' reads in the same log. */
  const systemEntries = async () => (await api.app.get(PostgresAuditLog).find({ userId: 'system', limit: 100 })).reverse();

  /** Every report over HTTP as the manager: live (at the last write) or as of `then`. */
  async function httpReports(asOf?: string): Promise<Record<string, unknown>> {
    const all: Record<string, unknown> = {};
    for (const report of HTTP_REPORTS) {
      const query = asOf ? `asOf=${encodeURIComponent(asOf)}` : `minPosition=${position}`;
      const response = await api.as(MANAGER).get(`/api/v1/reports/${report}${report.includes('?') ? '&' : '?'}${query}`);
      expect({ report, status: response.status }).toEqual({ report, status: 200 });
      all[report] = { columns: response.body.columns, rows: response.body.rows, filters: response.body.filters };
    }
    return all;
  }

  /** Every report function on read models built from the log now, as of the instant; fixed `now` per report. */
  async function rebuiltReports(asOf: Date, disclosure: Disclosure = PUBLISHED): Promise<Record<string, Report>> {
    // With the api's record keys, as the api's own as-of builds have them.
    const built = await buildAsOf(store, sql, schema, asOf, readModelProjections(api.app.get<RecordKeys>(RECORD_KEYS)));
    try {
      const tables = { journeys: built.schemas['journeys']!, catalogue: built.schemas['catalogue']! };
      const filters: ReportFilters = { from: '2000-01-01', to: '2100-01-01', organisationIds: [SOC, AME] };
      return {
        outcomes: await outcomesReport(sql, tables, filters, asOf, disclosure),
        transitions: await transitionsReport(sql, tables, filters, asOf, disclosure),
        entryProfile: await entryProfileReport(sql, tables, filters, asOf, disclosure),
        caseloadByOrganisation: await caseloadReport(sql, tables, filters, asOf, 'organisation'),
        caseloadByCaseworker: await caseloadReport(sql, tables, filters, asOf, 'caseworker'),
        referralInbox: await referralInboxReport(sql, tables, filters, asOf),
        referralOutbox: await referralOutboxReport(sql, tables, filters, asOf),
        referralsReceived: await referralsReceivedReport(sql, tables, filters, asOf, disclosure),
        referralFlows: await referralFlowsReport(sql, tables, filters, asOf, disclosure),
      };
    } finally {
      await built.drop();
    }
  }

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(ADMIN, SENDER, RECEIVER, MANAGER);
    store = api.app.get<EventStore>(EVENT_STORE);
    sql = api.app.get<SqlClient>(SQL_CLIENT);
    schema = api.app.get<AppConfig>(APP_CONFIG).databaseSchema;
    vault = api.app.get<KeyVault>(KEY_VAULT);
    registry = api.app.get<ParticipantRegistry>(PARTICIPANT_REGISTRY);
    audit = api.app.get<AuditLog>(AUDIT_LOG);
    readModels = api.app.get<ReadModelRegistry>(READ_MODEL_REGISTRY);

    await post(ADMIN, '/api/v1/organisations', {
      organisationId: SOC,
      name: 'Socialtjänsten',
      kind: 'social_services',
      municipalityCode: '0484',
    });
    await post(ADMIN, '/api/v1/organisations', {
      organisationId: AME,
      name: 'Arbetsmarknadsenheten',
      kind: 'labour_market_unit',
      municipalityCode: '0484',
    });
    await post(ADMIN, '/api/v1/tracks', {
      trackId: TRACK,
      name: 'Jobbspår vård',
      kind: 'job_track',
      ownerOrganisationId: AME,
      employerOrganisationIds: [SOC],
      occupation: '5321',
    });
    // Enough people per cell (5 or more) that the figures are shown, not suppressed; none born on a research day but the last.
    for (let i = 0; i < 7; i += 1) people.push(await journey(i, BIRTH_DATES[i]!, true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    then = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 7; i < 12; i += 1) people.push(await journey(i, BIRTH_DATES[i]!, i < 10));
    people.push(await journey(12, '1979-04-15', true));
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('erases the personal data and keeps every event, every report and every as-of report as it was', async () => {
    const liveBefore = await httpReports();
    const asOfBefore = await httpReports(then);
    const rebuiltNowBefore = await rebuiltReports(new Date());
    const rebuiltThenBefore = await rebuiltReports(new Date(then));
    // The figures are real, not all suppressed: the true ones (EXACT), and published ones behind them.
    expect((await rebuiltReports(new Date(), EXACT))['outcomes']!.rows[0]).toMatchObject({ ended: 11, workOrStudiesAtExit: 9 });
    expect((await rebuiltReports(new Date(then), EXACT))['referralsReceived']!.rows[0]).toMatchObject({
      received: 7,
      accepted: 7,
    });
    expect((liveBefore['outcomes'] as Report).rows[0]).toMatchObject({
      ended: expect.any(Number),
      workOrStudiesAtExit: expect.any(Number),
    });
    expect(rebuiltNowBefore['outcomes']!.rows[0]).toMatchObject({ trackId: TRACK, ended: expect.any(Number) });

    const cleared = people.slice(0, -1);
    const kept = people.at(-1)!;
    const eventsBefore = await Promise.all(people.map((person) => api.readStream(`participant-${person.participantId}`)));

    // Recorded today, so six years on every one of them is due.
    const sixYearsOn = new Date(Date.now() + 6 * 366 * 86_400_000);
    const result = await runGallring(
      { store, vault, registry, audit, readModels, endpoint: 'cli gallring' },
      { now: sixYearsOn, apply: true, researchDays: DEFAULT_RESEARCH_DAYS },
    );
    expect(result.cleared.map((each) => each.participantId).sort()).toEqual(cleared.map((each) => each.participantId).sort());
    expect(result.counts).toMatchObject({ cleared: 12, keptForResearch: 1, anonymous: 0, alreadyErased: 0, notYetDue: 0 });
    // The api's runner has applied every write (the reports above waited for it): the read model answers.
    expect(result.source).toBe('read-model');

    // Every event still reads, unchanged; the record and timeline answer with the personal fields erased.
    for (const [index, person] of people.entries()) {
      expect(await api.readStream(`participant-${person.participantId}`)).toEqual(eventsBefore[index]);
    }
    const erased = cleared[0]!;
    const record = await api.as(SENDER).get(`/api/v1/participants/${erased.participantId}`).expect(200);
    expect(record.body).toMatchObject({ identified: true, personal: { status: 'erased' } });
    expect(JSON.stringify(record.body)).not.toContain('Berg');
    const timeline = await api
      .as(RECEIVER)
      .get(`/api/v1/participants/${erased.participantId}/journeys/${erased.journeyId}/timeline`)
      .expect(200);
    expect((timeline.body as { type: string }[]).map((entry) => entry.type)).toEqual([
      'JourneyOpened',
      'LabourMarketStatusRecorded',
      'TrackEnrolled',
      'TrackEnrolmentEnded',
      'LabourMarketStatusRecorded',
    ]);
    const keptRecord = await api.as(SENDER).get(`/api/v1/participants/${kept.participantId}`).expect(200);
    expect(keptRecord.body.personal).toMatchObject({ status: 'ok' });
    await api
      .as(SENDER)
      .get(`/api/v1/participants/${kept.participantId}/personnummer`)
      .expect(200, { personnummer: kept.personnummer });
    for (const person of cleared) {
      await api.as(SENDER).get(`/api/v1/participants/${person.participantId}/personnummer`).expect(404);
    }

    // Nobody cleared is found by personnummer; the kept one is.
    for (const person of cleared) {
      const lookup = await api.as(SENDER).get(`/api/v1/participants?personnummer=${formatPersonnummer(person.personnummer)}`);
      expect(lookup.status).toBe(404);
    }
    await api
      .as(SENDER)
      .get(`/api/v1/participants?personnummer=${formatPersonnummer(kept.personnummer)}`)
      .expect(200, { participantId: kept.participantId });

    // The same figures: live, as of a past instant, and built again from the log after gallring.
    expect(await httpReports()).toEqual(liveBefore);
    expect(await httpReports(then)).toEqual(asOfBefore);
    const rebuiltThenAfter = await rebuiltReports(new Date(then));
    expect(rebuiltThenAfter).toEqual(rebuiltThenBefore);
    const rebuiltNowAfter = await rebuiltReports(new Date(rebuiltNowBefore['outcomes']!.asOf));
    expect(rebuiltNowAfter).toEqual(rebuiltNowBefore);

    // Blue/green: the live read model rebuilt from the log after gallring serves the same figures.
    await api.as(ADMIN).post('/api/v1/admin/read-models/journeys/rebuild').send({}).expect(202);
    for (let tries = 0; tries < 400; tries += 1) {
      const view = await api.as(ADMIN).get('/api/v1/admin/read-models/journeys').expect(200);
      const generations = view.body.generations as { generation: number; state: string }[];
      if (generations.some((each) => each.generation === 2 && each.state === 'active')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await httpReports()).toEqual(liveBefore);

    // The audit log: one entry per cleared participant and a summary, by the system.
    const entries = await systemEntries();
    expect(entries).toHaveLength(13);
    expect(
      entries
        .slice(0, 12)
        .map((entry) => entry.participantId)
        .sort(),
    ).toEqual(cleared.map((each) => each.participantId).sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({
        userId: 'system',
        role: 'system',
        action: 'gallring',
        endpoint: 'cli gallring',
        outcome: 'applied',
      });
    }
    expect(entries[12]!.participantId).toBeNull();

    // A second apply clears nothing new.
    const again = await runGallring(
      { store, vault, registry, audit, readModels, endpoint: 'cli gallring' },
      { now: sixYearsOn, apply: true, researchDays: DEFAULT_RESEARCH_DAYS },
    );
    expect(again.cleared).toEqual([]);
    expect(again.counts).toMatchObject({ cleared: 0, alreadyErased: 12, keptForResearch: 1 });
    expect((await systemEntries()).filter((entry) => entry.participantId !== null)).toHaveLength(12);
  }, 180_000);
});
