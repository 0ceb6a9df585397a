import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { organisationStreamName } from '@samspar/journeys';
import { composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { startReportsApi } from '../testing/reports-app';

type ReportsApi = Awaited<ReturnType<typeof startReportsApi>>;

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const principal = (userId: string, role: Principal['role'], organisationIds: string[]): Principal => ({
  userId,
  role,
  organisationIds,
  permissions: [],
});
const CASEWORKER_A = principal('anna.berg', 'caseworker', [ORG_A]);
const CASEWORKER_B = principal('bo.lind', 'caseworker', [ORG_B]);
const MANAGER_A = principal('maria.sten', 'manager', [ORG_A]);

// Setup sends many commands over HTTP; on a busy machine it takes longer than a test should.
const SETUP_TIMEOUT_MS = 120_000;

describe('The caseload over HTTP', () => {
  let api: ReportsApi;
  let position: string;

  /** Registers a participant and opens a journey for them; answers the command's position. */
  async function openJourney(caseworker: Principal, birthNumber: number): Promise<string> {
    const participantId = randomUUID();
    await api
      .as(caseworker)
      .post('/api/v1/participants')
      .send({
        participantId,
        personnummer: formatPersonnummer(composePersonnummer('1979-11-02', birthNumber)),
        gender: 'man',
        newlyArrived: true,
        educationBand: 'isced_0_2',
      })
      .expect(201);
    const opened = await api
      .as(caseworker)
      .post(`/api/v1/participants/${participantId}/journeys`)
      .send({ journeyId: randomUUID() })
      .expect(201);
    return opened.body.position as string;
  }

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(CASEWORKER_A, CASEWORKER_B, MANAGER_A);
    for (const [organisationId, name] of [
      [ORG_A, 'AME Eskilstuna'],
      [ORG_B, 'AME Strängnäs'],
    ] as const) {
      await api.seed(organisationStreamName(organisationId), [
        {
          type: 'OrganisationRegistered',
          data: { organisationId, name, kind: 'labour_market_unit', municipalityCode: '0484', referralDeadlineDays: 30 },
        },
      ]);
    }
    for (const n of [1, 2, 3, 4, 5]) position = await openJourney(CASEWORKER_A, n);
    for (const n of [11, 12, 13, 14, 15, 16]) position = await openJourney(CASEWORKER_B, n);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('counts the open journeys of the manager’s organisation, after its own writes with minPosition', async () => {
    const response = await api.as(MANAGER_A).get(`/api/v1/reports/caseload?minPosition=${position}`).expect(200);
    expect(response.body).toMatchObject({ report: 'caseload-by-organisation', position: expect.any(String) });
    expect(response.body.rows).toEqual([
      expect.objectContaining({
        organisationId: ORG_A,
        organisationName: 'AME Eskilstuna',
        openJourneys: 5,
        idleJourneys: 'suppressed',
      }),
    ]);
  });

  it('groups by caseworker, with journeys nobody is assigned to on their own row', async () => {
    const response = await api
      .as(MANAGER_A)
      .get(`/api/v1/reports/caseload?groupBy=caseworker&minPosition=${position}`)
      .expect(200);
    expect(response.body.columns).toContain('caseworkerId');
    expect(response.body.rows).toEqual([expect.objectContaining({ caseworkerId: null, openJourneys: 5 })]);
  });

  it('refuses another organisation with 403, and never counts its journeys', async () => {
    const named = await api.as(MANAGER_A).get(`/api/v1/reports/caseload?organisationId=${ORG_B}`);
    expect(named.status).toBe(403);
    expect(named.body).toMatchObject({ type: expect.stringMatching(/not-your-organisation$/) });
    const own = await api.as(MANAGER_A).get(`/api/v1/reports/caseload?minPosition=${position}`).expect(200);
    expect(JSON.stringify(own.body)).not.toContain(ORG_B);
  });

  it('answers CSV when asked for it', async () => {
    const response = await api
      .as(MANAGER_A)
      .get(`/api/v1/reports/caseload?minPosition=${position}`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.text.split('\r\n').slice(0, 2)).toEqual([
      'organisationId,organisationName,openJourneys,activeEnrolments,activeInterventions,idleJourneys,followUpsDue1m,followUpsDue90d,followUpsDue6m',
      `${ORG_A},AME Eskilstuna,5,suppressed,suppressed,suppressed,suppressed,suppressed,suppressed`,
    ]);
  });

  it('refuses a caseworker, and an unknown groupBy', async () => {
    expect((await api.as(CASEWORKER_A).get('/api/v1/reports/caseload')).status).toBe(403);
    expect((await api.as(MANAGER_A).get('/api/v1/reports/caseload?groupBy=participant')).status).toBe(400);
  });
});
