import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { EvaluationModule } from '@samspar/evaluation';
import { JourneysApi, expectProblem, startJourneysApi } from '@samspar/journeys/testing';
import { composePersonnummer, formatPersonnummer } from '@samspar/privacy';

/**
 * The security tester's findings, each a named scenario over real HTTP and a real store: social services (A)
 * register P and consent names the AME (B); B accepts the referral and runs journey J. D is unrelated.
 */
const A = randomUUID();
const B = randomUUID();
const D = randomUUID();
const UNIT_OF_B = randomUUID();
const TRACK_OF_B = randomUUID();
const RETIRED_TRACK = randomUUID();

const person = (userId: string, role: Principal['role'], organisationIds: string[], permissions: Principal['permissions'] = []) =>
  ({ userId, role, organisationIds, permissions }) satisfies Principal;
const SYSTEM_ADMIN = person('sys-admin', 'admin', [], ['system_admin']);
const CASEWORKER_A = person('anna.soc', 'caseworker', [A]);
const CASEWORKER_B = person('bo.ame', 'caseworker', [B]);
const CASEWORKER_D = person('dan.other', 'caseworker', [D]);
const EVALUATOR_B = person('eva.ame', 'evaluator', [B]);
const EVALUATOR_D = person('eva.other', 'evaluator', [D]);
const ADMIN_A = person('admin.soc', 'admin', [A]);
const ADMIN_D = person('admin.other', 'admin', [D]);
const ADMIN_NOWHERE = person('admin.nowhere', 'admin', []);

describe('Lawful sharing over HTTP: every record has an owner, and consent decides what crosses', () => {
  let api: JourneysApi;
  const participantId = randomUUID();
  const journeyId = randomUUID();
  const consentId = randomUUID();
  const referralId = randomUUID();
  const enrolmentId = randomUUID();
  const interventionId = randomUUID();
  const participant = `/api/v1/participants/${participantId}`;
  const journey = `${participant}/journeys/${journeyId}`;

  const as = (who: Principal) => api.as(who);
  const ok = async (who: Principal, path: string, body: object) => {
    const response = await as(who).post(path).send(body);
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  };
  const eventCount = async () => (await api.readStream(`participant-${participantId}`)).length;
  const timelineTypes = async (who: Principal) =>
    ((await as(who).get(`${journey}/timeline`).expect(200)).body as { type: string }[]).map((each) => each.type);
  const exported = async (who: Principal, query = '') => {
    const response = await as(who)
      .get(`/api/v1/evaluation/events${query}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    return (response.body as string)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string });
  };
  const participantRecords = (records: { type: string }[]) =>
    records.filter((record) => !/^(Organisation|Unit)|^Track(Defined|Revised|Retired)$/.test(record.type));

  beforeAll(async () => {
    api = await startJourneysApi({ imports: () => [EvaluationModule] });
    await api.signIn(
      SYSTEM_ADMIN,
      CASEWORKER_A,
      CASEWORKER_B,
      CASEWORKER_D,
      EVALUATOR_B,
      EVALUATOR_D,
      ADMIN_A,
      ADMIN_D,
      ADMIN_NOWHERE,
    );
    for (const [organisationId, name, kind] of [
      [A, 'Socialtjänsten', 'social_services'],
      [B, 'Arbetsmarknadsenheten', 'labour_market_unit'],
      [D, 'Vuxenutbildningen', 'adult_education'],
    ] as const) {
      await ok(SYSTEM_ADMIN, '/api/v1/organisations', { organisationId, name, kind, municipalityCode: '0484' });
    }
    await ok(SYSTEM_ADMIN, `/api/v1/organisations/${B}/units`, { unitId: UNIT_OF_B, name: 'Jobbtorget' });
    for (const trackId of [TRACK_OF_B, RETIRED_TRACK]) {
      await ok(SYSTEM_ADMIN, '/api/v1/tracks', {
        trackId,
        name: `Jobbspår ${trackId.slice(0, 4)}`,
        kind: 'job_track',
        ownerOrganisationId: B,
        employerOrganisationIds: [A],
        occupation: '5321',
      });
    }
    await ok(SYSTEM_ADMIN, `/api/v1/tracks/${RETIRED_TRACK}/retirement`, { reason: 'funding_ended' });

    await ok(CASEWORKER_A, '/api/v1/participants', {
      participantId,
      personnummer: formatPersonnummer(composePersonnummer('1990-03-07', 245)),
      firstName: 'Sara',
      lastName: 'Lind',
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    });
    await ok(CASEWORKER_A, `${participant}/consents`, {
      consentId,
      organisationIds: [A, B],
      purpose: 'samverkan',
      validFrom: new Date().toISOString().slice(0, 10),
    });
    await ok(CASEWORKER_A, `${participant}/referrals`, { referralId, toOrganisationId: B, reason: 'work_preparation' });
    await ok(CASEWORKER_B, `/api/v1/referrals/${referralId}/acceptance`, {});
    await ok(CASEWORKER_B, `${participant}/journeys`, { journeyId });
    await ok(CASEWORKER_B, `${journey}/enrolments`, { enrolmentId, trackId: TRACK_OF_B });
    await ok(CASEWORKER_B, `${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
    });
    await ok(CASEWORKER_B, `${journey}/interventions`, { interventionId, type: 'praktik', providerOrganisationId: B });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  describe("When A writes into B's journey", () => {
    const intrusions: [string, () => [string, object]][] = [
      [
        'records a follow-up status',
        () => [
          `${journey}/statuses`,
          { statusId: randomUUID(), moment: 'follow_up_1m', status: 'job_seeking', incomeSources: ['income_support'] },
        ],
      ],
      ['closes it as a registration error', () => [`${journey}/closing`, { reason: 'registration_error' }]],
      ['assigns its own caseworker', () => [`${journey}/caseworker`, { caseworkerId: CASEWORKER_A.userId }]],
      ['ends the enrolment', () => [`${journey}/enrolments/${enrolmentId}/end`, {}]],
      [
        'plans an intervention',
        () => [`${journey}/interventions`, { interventionId: randomUUID(), type: 'praktik', providerOrganisationId: A }],
      ],
      ['starts an intervention', () => [`${journey}/interventions/${interventionId}/start`, {}]],
      ['completes an intervention', () => [`${journey}/interventions/${interventionId}/completion`, {}]],
      ['reopens it', () => [`${journey}/reopening`, {}]],
    ];

    it.each(intrusions)('refuses when A %s, with 403 not-record-owner, and stores nothing', async (_what, request) => {
      const [path, body] = request();
      const before = await eventCount();
      expectProblem(await as(CASEWORKER_A).post(path).send(body), 403, 'not-record-owner');
      expect(await eventCount()).toBe(before);
    });

    it('answers D, which sees nothing of P, as if P did not exist, before telling it the track is retired', async () => {
      const response = await as(CASEWORKER_D)
        .post(`${journey}/enrolments`)
        .send({ enrolmentId: randomUUID(), trackId: RETIRED_TRACK });
      expectProblem(response, 404, 'participant-not-found');
      const unknown = await as(CASEWORKER_D)
        .post(`/api/v1/participants/${randomUUID()}/journeys/${journeyId}/enrolments`)
        .send({ enrolmentId: randomUUID(), trackId: RETIRED_TRACK });
      expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(response.body).sort());
    });
  });

  describe('When an organisation id comes in upper case', () => {
    it("acts for the caller's own organisation, not 403", async () => {
      const response = await as(CASEWORKER_B).get(`${journey}/timeline`).set('X-Organisation-Id', B.toUpperCase());
      expect(response.status).toBe(200);
    });
  });

  describe('When evaluators and admins look beyond their organisations', () => {
    it("gives an evaluator of D none of P's records in the export, whichever organisation it filters by", async () => {
      expect(participantRecords(await exported(EVALUATOR_D))).toEqual([]);
      expect(participantRecords(await exported(EVALUATOR_D, `?organisationId=${A}`))).toEqual([]);
      expect(participantRecords(await exported(EVALUATOR_B)).map((record) => record.type)).toEqual(
        expect.arrayContaining(['ReferralAccepted', 'JourneyOpened', 'TrackEnrolled']),
      );
      expect(participantRecords(await exported(EVALUATOR_B)).map((record) => record.type)).not.toContain('ConsentRecorded');
    });

    it("answers an evaluator of D 404 on J's history, and B's evaluator 200", async () => {
      expectProblem(
        await as(EVALUATOR_D).get(`/api/v1/evaluation/participants/${participantId}/journeys/${journeyId}/history`),
        404,
        'journey-not-found',
      );
      await as(EVALUATOR_B).get(`/api/v1/evaluation/participants/${participantId}/journeys/${journeyId}/history`).expect(200);
    });

    it("refuses the admin of D A's audit rows", async () => {
      expectProblem(await as(ADMIN_D).get(`/api/v1/admin/audit?organisationId=${A}`), 403, 'not-your-organisation');
      const own = (await as(ADMIN_D).get('/api/v1/admin/audit?limit=500').expect(200)).body.entries as {
        organisationId: string;
      }[];
      expect(own.every((entry) => entry.organisationId === D)).toBe(true);
    });

    it("refuses the admin of A a unit for B and the retirement of B's track, and stores nothing", async () => {
      const before = (await api.readStream(`organisation-${B}`)).length;
      expectProblem(
        await as(ADMIN_A).post(`/api/v1/organisations/${B}/units`).send({ unitId: randomUUID(), name: 'Intrång' }),
        403,
        'not-record-owner',
      );
      expectProblem(await as(ADMIN_A).post(`/api/v1/tracks/${TRACK_OF_B}/retirement`).send({}), 403, 'not-record-owner');
      expect((await api.readStream(`organisation-${B}`)).length).toBe(before);
      expect((await api.readStream(`track-${TRACK_OF_B}`)).map((event) => event.type)).not.toContain('TrackRetired');
    });

    it('refuses an admin token with no organisation and no system_admin', async () => {
      const response = await as(ADMIN_NOWHERE).get('/api/v1/admin/audit');
      expect(response.status).toBe(401);
    });
  });

  describe('When A records the withdrawal of the consent', () => {
    beforeAll(async () => {
      await ok(CASEWORKER_A, `${participant}/consents/${consentId}/withdrawal`, {});
    });

    it('leaves B its own journey: the timeline, and new steps in it', async () => {
      expect(await timelineTypes(CASEWORKER_B)).toContain('JourneyOpened');
      await ok(CASEWORKER_B, `${journey}/statuses`, {
        statusId: randomUUID(),
        moment: 'exit',
        status: 'employed',
        incomeSources: ['salary'],
        expectedToLastOneMonth: true,
        enrolmentId,
      });
      expect(await timelineTypes(CASEWORKER_B)).toContain('LabourMarketStatusRecorded');
    });

    it('shows A what B recorded before the withdrawal, and nothing after it', async () => {
      const seen = (await as(CASEWORKER_A).get(`${journey}/timeline`).expect(200)).body as {
        type: string;
        data?: { moment?: string };
      }[];
      expect(seen.map((each) => each.type)).toEqual(expect.arrayContaining(['JourneyOpened', 'TrackEnrolled']));
      const statuses = seen.filter((each) => each.type === 'LabourMarketStatusRecorded');
      expect(statuses).toHaveLength(1);
      expect(JSON.stringify(statuses)).not.toContain('employed');
    });
  });
});
