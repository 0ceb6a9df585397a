import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import {
  acceptReferral,
  createClient,
  getOutcomesReport,
  listParticipantJourneys,
  openJourney,
  recordConsent,
  referParticipant,
  registerOrganisation,
  registerParticipant,
} from '@samspar/api-client';
import { freshPersonnummer } from './support/access-matrix';
import { RunningApi, startApi } from './support/start-api';

/**
 * A client's flow through the generated api client (libs/api-client, from the OpenAPI document): if the
 * document and the flow disagree on a path, a field or a response, this file stops type-checking.
 */
describe('The generated api client against the running api', () => {
  let api: RunningApi;
  const [sender, receiver] = [randomUUID(), randomUUID()];
  const as = async (principal: Principal) =>
    createClient({ baseUrl: api.baseUrl, headers: { Authorization: `Bearer ${await api.token(principal)}` } });

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0' });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('registers, consents, refers, accepts, opens a journey, reads it back and counts it in the outcome report', async () => {
    const admin = await as({ userId: 'system-admin', role: 'admin', organisationIds: [sender], permissions: ['system_admin'] });
    for (const [organisationId, kind] of [
      [sender, 'social_services'],
      [receiver, 'labour_market_unit'],
    ] as const) {
      const { response } = await registerOrganisation({
        client: admin,
        body: { organisationId, name: `Organisation ${kind}`, kind, municipalityCode: '0484' },
      });
      expect(response?.status).toBe(201);
    }
    const caseworkerA = await as({ userId: 'caseworker-a', role: 'caseworker', organisationIds: [sender], permissions: [] });
    const caseworkerB = await as({ userId: 'caseworker-b', role: 'caseworker', organisationIds: [receiver], permissions: [] });

    const participantId = randomUUID();
    const registered = await registerParticipant({
      client: caseworkerA,
      body: {
        participantId,
        personnummer: freshPersonnummer(),
        firstName: 'Klient',
        lastName: 'Generatorsson',
        gender: 'kvinna',
        newlyArrived: false,
        educationBand: 'isced_3_4',
      },
    });
    expect(registered.data?.id).toBe(participantId);
    const consent = await recordConsent({
      client: caseworkerA,
      path: { participantId },
      body: { consentId: randomUUID(), organisationIds: [sender, receiver], purpose: 'samverkan', validFrom: '2024-01-01' },
    });
    expect(consent.data?.eventIds).toHaveLength(1);
    const referralId = randomUUID();
    const referred = await referParticipant({
      client: caseworkerA,
      path: { participantId },
      body: { referralId, toOrganisationId: receiver, reason: 'work_preparation' },
    });
    expect(referred.response?.status).toBe(201);
    const accepted = await acceptReferral({ client: caseworkerB, path: { referralId }, body: {} });
    expect(accepted.response?.status).toBe(200);
    const journeyId = randomUUID();
    const opened = await openJourney({ client: caseworkerB, path: { participantId }, body: { journeyId } });
    expect(opened.data?.revision).toBeGreaterThan(0);

    const journeys = await listParticipantJourneys({ client: caseworkerB, path: { participantId } });
    const journey = journeys.data?.find((each) => each.journeyId === journeyId);
    expect(journey).toMatchObject({ organisationId: receiver, status: 'open' });

    const manager = await as({ userId: 'manager-b', role: 'manager', organisationIds: [receiver], permissions: [] });
    const report = await getOutcomesReport({ client: manager, query: { minPosition: opened.data!.position } });
    expect(report.response?.status).toBe(200);
    expect(Array.isArray(report.data?.rows)).toBe(true);
  });
});
