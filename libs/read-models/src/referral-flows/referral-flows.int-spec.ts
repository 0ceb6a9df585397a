import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { organisationStreamName } from '@samspar/journeys';
import { referOverHttp } from '../referral-inbox/referral-http.examples';
import type { ReportsApi } from '../referral-inbox/referral-http.examples';
import { startReportsApi } from '../testing/reports-app';
import { trueFiguresOf } from '../testing/query-layer';
import { referralFlowsReport, referralsReceivedReport } from './referral-flows.query';

const SENDER_ORG = randomUUID();
const RECEIVER_ORG = randomUUID();
const OTHER_SENDER_ORG = randomUUID();
const UNRELATED_ORG = randomUUID();
const principal = (userId: string, role: Principal['role'], organisationIds: string[]): Principal => ({
  userId,
  role,
  organisationIds,
  permissions: [],
});
const SENDER = principal('anna.berg', 'caseworker', [SENDER_ORG]);
const OTHER_SENDER = principal('cia.holm', 'caseworker', [OTHER_SENDER_ORG]);
const RECEIVER = principal('bo.lind', 'caseworker', [RECEIVER_ORG]);
const RECEIVER_MANAGER = principal('dan.sjö', 'manager', [RECEIVER_ORG]);
const SENDER_MANAGER = principal('maria.sten', 'manager', [SENDER_ORG]);
const UNRELATED_EVALUATOR = principal('eva.ek', 'evaluator', [UNRELATED_ORG]);

// Setup sends many commands over HTTP; on a busy machine it takes longer than a test should.
const SETUP_TIMEOUT_MS = 120_000;

describe('Referrals and waiting over HTTP', () => {
  let api: ReportsApi;
  let position: string;

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(SENDER, OTHER_SENDER, RECEIVER, RECEIVER_MANAGER, SENDER_MANAGER, UNRELATED_EVALUATOR);
    for (const [organisationId, name, kind] of [
      [SENDER_ORG, 'Socialtjänsten Eskilstuna', 'social_services'],
      [OTHER_SENDER_ORG, 'Socialtjänsten Strängnäs', 'social_services'],
      [RECEIVER_ORG, 'AME Eskilstuna', 'labour_market_unit'],
      [UNRELATED_ORG, 'Samordningsförbundet', 'coordination_association'],
    ] as const) {
      await api.seed(organisationStreamName(organisationId), [
        {
          type: 'OrganisationRegistered',
          data: { organisationId, name, kind, municipalityCode: '0484', referralDeadlineDays: 14 },
        },
      ]);
    }
    // Five from the sender, all accepted; two from the other sender.
    for (const n of [1, 2, 3, 4, 5]) {
      const { referralId } = await referOverHttp(api, SENDER, RECEIVER_ORG, n);
      position = (await api.as(RECEIVER).post(`/api/v1/referrals/${referralId}/acceptance`).send({}).expect(200)).body.position;
    }
    for (const n of [11, 12]) await referOverHttp(api, OTHER_SENDER, RECEIVER_ORG, n);
    position = (await referOverHttp(api, OTHER_SENDER, RECEIVER_ORG, 13)).position;
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('gives the receiving organisation its referrals received, with shares', async () => {
    const response = await api.as(RECEIVER_MANAGER).get(`/api/v1/reports/referrals?minPosition=${position}`).expect(200);
    expect((await trueFiguresOf(api, response.body, referralsReceivedReport)).rows).toEqual([
      expect.objectContaining({
        organisationId: RECEIVER_ORG,
        received: 8,
        accepted: 5,
        acceptedShare: 0.625,
        pending: 'suppressed',
      }),
    ]);
  });

  it('shows the sender only its own flows, never the other sender’s', async () => {
    const response = await api.as(SENDER_MANAGER).get(`/api/v1/reports/referrals/flows?minPosition=${position}`).expect(200);
    expect((await trueFiguresOf(api, response.body, referralFlowsReport)).rows).toEqual([
      expect.objectContaining({ level: 'kind', fromKind: 'social_services', toKind: 'labour_market_unit', referrals: 5 }),
      expect.objectContaining({
        level: 'organisation',
        fromOrganisationId: SENDER_ORG,
        toOrganisationId: RECEIVER_ORG,
        referrals: 5,
      }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain(OTHER_SENDER_ORG);
  });

  it('shows the receiver every flow into it, also as CSV', async () => {
    const json = (await api.as(RECEIVER_MANAGER).get(`/api/v1/reports/referrals/flows?minPosition=${position}`).expect(200)).body;
    const truth = await trueFiguresOf(api, json, referralFlowsReport);
    const kindLevel = (rows: Record<string, unknown>[]) => rows.find((row) => row['level'] === 'kind')?.['referrals'];
    expect(kindLevel(truth.rows as Record<string, unknown>[])).toBe(8);
    const response = await api
      .as(RECEIVER_MANAGER)
      .get(`/api/v1/reports/referrals/flows?minPosition=${position}`)
      .set('Accept', 'text/csv')
      .expect(200);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'level,fromKind,toKind,fromOrganisationId,fromOrganisationName,toOrganisationId,toOrganisationName,referrals',
    );
    // The CSV says what the JSON says: the published (perturbed) figure.
    expect(lines).toContain(`kind,social_services,labour_market_unit,,,,,${String(kindLevel(json.rows))}`);
    expect(lines).toContain(
      `organisation,social_services,labour_market_unit,${OTHER_SENDER_ORG},Socialtjänsten Strängnäs,${RECEIVER_ORG},AME Eskilstuna,suppressed`,
    );
  });

  it('refuses an organisation not in the sign-in, and counts nothing for an organisation that took no part', async () => {
    expect((await api.as(SENDER_MANAGER).get(`/api/v1/reports/referrals?organisationId=${RECEIVER_ORG}`)).status).toBe(403);
    const flows = await api.as(UNRELATED_EVALUATOR).get(`/api/v1/reports/referrals/flows?minPosition=${position}`).expect(200);
    expect(flows.body.rows).toEqual([]);
  });

  it('refuses a caseworker', async () => {
    expect((await api.as(RECEIVER).get('/api/v1/reports/referrals')).status).toBe(403);
    expect((await api.as(RECEIVER).get('/api/v1/reports/referrals/flows')).status).toBe(403);
  });
});
