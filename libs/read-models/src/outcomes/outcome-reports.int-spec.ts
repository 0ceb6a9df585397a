import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { organisationStreamName, trackStreamName } from '@samspar/journeys';
import { expectProblem } from '@samspar/journeys/testing';
import type { JourneysApi } from '@samspar/journeys/testing';
import { startReportsApi } from '../testing/reports-app';
import { trueFiguresOf } from '../testing/query-layer';
import { entryProfileReport } from '../entry-profile/entry-profile.query';
import { outcomesReport, transitionsReport } from './outcomes.query';

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const TRACK_A = randomUUID();
const TRACK_B = randomUUID();
const principal = (userId: string, role: Principal['role'], organisationIds: string[]): Principal => ({
  userId,
  role,
  organisationIds,
  permissions: [],
});
const CASEWORKER_A = principal('anna.berg', 'caseworker', [ORG_A]);
const CASEWORKER_B = principal('bo.lind', 'caseworker', [ORG_B]);
const MANAGER_A = principal('maria.sten', 'manager', [ORG_A]);
const EVALUATOR = principal('eva.lund', 'evaluator', [ORG_A, ORG_B]);

describe('The outcome reports over HTTP', () => {
  let api: JourneysApi;
  let position = '';
  const participantIds: string[] = [];

  /** A participant who went through the track today: entry job seeking, exit to lasting work. */
  async function leftToWork(caseworker: Principal, trackId: string): Promise<void> {
    const participantId = randomUUID();
    const journeyId = randomUUID();
    const enrolmentId = randomUUID();
    participantIds.push(participantId);
    const participant = `/api/v1/participants/${participantId}`;
    const journey = `${participant}/journeys/${journeyId}`;
    const post = async (path: string, body: object) => {
      const response = await api.as(caseworker).post(path).send(body);
      expect({ path, status: response.status, body: response.body }).toMatchObject({ path, status: expect.any(Number) });
      expect(response.status).toBeLessThan(300);
      position = response.body.position;
    };
    await post('/api/v1/participants', {
      participantId,
      anonymous: true,
      anonymousReason: 'no_consent',
      gender: 'kvinna',
      birthYear: 1990,
      newlyArrived: false,
      educationBand: 'isced_3_4',
    });
    await post(`${participant}/journeys`, { journeyId });
    await post(`${journey}/enrolments`, { enrolmentId, trackId });
    await post(`${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
      enrolmentId,
    });
    await post(`${journey}/enrolments/${enrolmentId}/end`, {});
    await post(`${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'exit',
      status: 'employed',
      incomeSources: ['salary'],
      expectedToLastOneMonth: true,
      enrolmentId,
    });
  }

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(CASEWORKER_A, CASEWORKER_B, MANAGER_A, EVALUATOR);
    const organisation = (organisationId: string, kind: string, municipalityCode: string) => ({
      type: 'OrganisationRegistered',
      data: { organisationId, name: `Org ${municipalityCode}`, kind, municipalityCode, referralDeadlineDays: 30 },
    });
    const track = (trackId: string, name: string, ownerOrganisationId: string) => ({
      type: 'TrackDefined',
      data: { trackId, name, kind: 'preparatory', ownerOrganisationId, employerOrganisationIds: [] },
    });
    await api.seed(organisationStreamName(ORG_A), [organisation(ORG_A, 'labour_market_unit', '0484')]);
    await api.seed(organisationStreamName(ORG_B), [organisation(ORG_B, 'social_services', '0486')]);
    await api.seed(trackStreamName(TRACK_A), [track(TRACK_A, 'Arbetsträning A', ORG_A)]);
    await api.seed(trackStreamName(TRACK_B), [track(TRACK_B, 'Praktik B', ORG_B)]);
    for (let i = 0; i < 5; i += 1) await leftToWork(CASEWORKER_A, TRACK_A);
    for (let i = 0; i < 6; i += 1) await leftToWork(CASEWORKER_B, TRACK_B);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  const outcomes = (who: Principal, query = '') => api.as(who).get(`/api/v1/reports/outcomes?minPosition=${position}${query}`);

  describe('When a manager of organisation A asks for outcomes', () => {
    it('gives the figures of A alone', async () => {
      const response = await outcomes(MANAGER_A).expect(200);
      expect(response.body).toMatchObject({ report: 'outcomes', filters: { organisationIds: [ORG_A] } });
      // The true figures behind the published ones (which the cell key method moves by at most ±2).
      expect((await trueFiguresOf(api, response.body, outcomesReport)).rows).toEqual([
        expect.objectContaining({
          trackId: TRACK_A,
          trackName: 'Arbetsträning A',
          started: 5,
          ended: 5,
          exitCohort: 5,
          workOrStudiesAtExit: 5,
          workOrStudiesAtExitRate: 1,
          immediateEmployed: 5,
        }),
      ]);
    });

    it('refuses organisation B with 403', async () => {
      expectProblem(await outcomes(MANAGER_A, `&organisationId=${ORG_B}`), 403, 'not-your-organisation');
    });

    it('answers CSV with a header row and the same figures', async () => {
      const json = (await outcomes(MANAGER_A).expect(200)).body;
      const response = await outcomes(MANAGER_A).set('Accept', 'text/csv').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...lines] = response.text.trim().split('\r\n');
      expect(header!.split(',')).toEqual(json.columns);
      expect(lines).toHaveLength(1);
      const cells = lines[0]!.split(',');
      const row = json.rows[0];
      expect(cells).toEqual(json.columns.map((column: string) => (row[column] === null ? '' : String(row[column]))));
    });

    it('answers in the format the Accept header prefers, and 406 naming Accept when it takes neither JSON nor CSV', async () => {
      const json = (await outcomes(MANAGER_A).expect(200)).body;
      for (const accept of ['*/*', 'application/json', 'text/csv;q=0.5, application/json', 'application/*']) {
        const response = await outcomes(MANAGER_A).set('Accept', accept).expect(200);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body.rows).toEqual(json.rows);
      }
      for (const accept of ['text/csv', 'application/json;q=0.1, text/csv', 'text/*']) {
        const response = await outcomes(MANAGER_A).set('Accept', accept).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/csv/);
      }
      for (const accept of ['application/xml', 'text/html', 'image/png']) {
        const response = await outcomes(MANAGER_A).set('Accept', accept);
        expectProblem(response, 406, 'not-acceptable');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Accept', rule: 'not-acceptable' })]);
      }
    });

    it('contains no participant ids, only aggregates', async () => {
      // Transitions leave out hidden cells, and the cell key may hide a cell of 5 or 6 (about 1 run in 80 would
      // then have no row at all), so only the reports that list every row must have one.
      const listEveryRow = new Set(['/api/v1/reports/outcomes', '/api/v1/reports/entry-profile']);
      for (const path of ['/api/v1/reports/outcomes', '/api/v1/reports/outcomes/transitions', '/api/v1/reports/entry-profile']) {
        const response = await api.as(EVALUATOR).get(`${path}?minPosition=${position}`).expect(200);
        if (listEveryRow.has(path)) expect(response.body.rows.length).toBeGreaterThan(0);
        const text = JSON.stringify(response.body);
        for (const id of participantIds) expect(text).not.toContain(id);
      }
    });
  });

  describe('When an evaluator of both organisations asks', () => {
    it('gives a row per track, and the entry profile and transitions of both', async () => {
      const rows = (await trueFiguresOf(api, (await outcomes(EVALUATOR).expect(200)).body, outcomesReport)).rows;
      expect(rows.map((row: Record<string, unknown>) => [row['trackName'], row['ended']])).toEqual([
        ['Arbetsträning A', 5],
        ['Praktik B', 6],
      ]);
      const profile = await trueFiguresOf(
        api,
        (await api.as(EVALUATOR).get(`/api/v1/reports/entry-profile?minPosition=${position}`).expect(200)).body,
        entryProfileReport,
      );
      expect(profile.rows).toContainEqual({ breakdown: 'all', dimension: 'labourMarketStatus', value: 'unemployed', count: 11 });
      const transitions = await trueFiguresOf(
        api,
        (await api.as(EVALUATOR).get(`/api/v1/reports/outcomes/transitions?minPosition=${position}`).expect(200)).body,
        transitionsReport,
      );
      // Only cells of 5 people or more are sent.
      expect(transitions.rows).toEqual([
        expect.objectContaining({ trackId: TRACK_A, entryStatus: 'job_seeking', exitStatus: 'employed', count: 5 }),
        expect.objectContaining({ trackId: TRACK_B, entryStatus: 'job_seeking', exitStatus: 'employed', count: 6 }),
      ]);
    });
  });

  describe('When the caller may not read reports, or asks wrongly', () => {
    it('refuses a caseworker with 403, on every report', async () => {
      for (const path of ['/api/v1/reports/outcomes', '/api/v1/reports/outcomes/transitions', '/api/v1/reports/entry-profile']) {
        expectProblem(await api.as(CASEWORKER_A).get(path), 403, 'role-not-allowed');
      }
    });

    it('refuses a period with from on or after to with 400 naming from', async () => {
      for (const path of ['/api/v1/reports/outcomes', '/api/v1/reports/entry-profile']) {
        const response = await api.as(MANAGER_A).get(`${path}?from=2026-01-01&to=2026-01-01`);
        expectProblem(response, 400, 'period-empty');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
      }
    });
  });
});
