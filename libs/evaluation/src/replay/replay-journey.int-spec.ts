import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { PSEUDONYMISER, Pseudonymiser, composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { organisationRegistered } from '@samspar/journeys/testing';
import { organisationStreamName } from '@samspar/journeys';
import { participantStreamName } from '@samspar/journeys';
import { JourneysApi, expectProblem, startJourneysApi } from '@samspar/journeys/testing';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { EvaluationModule } from '../evaluation.module';

const ORG = randomUUID();
const PROVIDER = randomUUID();
const CASEWORKER: Principal = { userId: 'lena.dahl', role: 'caseworker', organisationIds: [ORG], permissions: [] };
const MANAGER: Principal = { userId: 'maria.sten', role: 'manager', organisationIds: [ORG], permissions: [] };
const EVALUATOR: Principal = { userId: 'erik.fou', role: 'evaluator', organisationIds: [ORG], permissions: [] };
const ADMIN: Principal = { userId: 'admin-1', role: 'admin', organisationIds: [ORG], permissions: [] };

const PERSONNUMMER = composePersonnummer('1984-06-17', 312);
const PERSONAL = { firstName: 'Amira', lastName: 'Nordqvist Haddad', phone: '073-555 12 34', email: 'amira@example.se' };
const daysAgo = (days: number): string => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Replaying a journey for evaluators over HTTP, on a real store', () => {
  let api: JourneysApi;
  const participantId = randomUUID();
  const journeyId = randomUUID();
  const interventionId = randomUUID();
  const history = (query = '', participant = participantId, journey = journeyId) =>
    `/api/v1/evaluation/participants/${participant}/journeys/${journey}/history${query}`;
  let startId: string;
  let startRecordedAt: string;
  let correctionRecordedAt: string;

  beforeAll(async () => {
    api = await startJourneysApi({ imports: () => [EvaluationModule] });
    await api.signIn(CASEWORKER, MANAGER, EVALUATOR, ADMIN);
    await api.seed(organisationStreamName(ORG), [organisationRegistered.example({ organisationId: ORG })]);
    await api.seed(organisationStreamName(PROVIDER), [
      organisationRegistered.example({ organisationId: PROVIDER, name: 'Komvux Eskilstuna', kind: 'adult_education' }),
    ]);
    const as = api.as(CASEWORKER);
    await as
      .post('/api/v1/participants')
      .send({
        participantId,
        personnummer: formatPersonnummer(PERSONNUMMER),
        ...PERSONAL,
        gender: 'kvinna',
        newlyArrived: false,
        educationBand: 'isced_3_4',
        occurredAt: daysAgo(30),
      })
      .expect(201);
    const journey = `/api/v1/participants/${participantId}/journeys/${journeyId}`;
    await as
      .post(`/api/v1/participants/${participantId}/journeys`)
      .send({ journeyId, occurredAt: daysAgo(20) })
      .expect(201);
    await as
      .post(`${journey}/interventions`)
      .send({ interventionId, type: 'praktik', providerOrganisationId: PROVIDER, occurredAt: daysAgo(15) })
      .expect(201);
    await as
      .post(`${journey}/interventions/${interventionId}/start`)
      .send({ occurredAt: daysAgo(10) })
      .expect(200);
    const start = (await api.readStream(participantStreamName(participantId))).at(-1)!;
    startId = start.id;
    startRecordedAt = start.recordedAt;
    await pause(20);
    await as.post(`${journey}/corrections`).send({ stepEventId: startId, reason: 'Startade aldrig' }).expect(200);
    correctionRecordedAt = (await api.readStream(participantStreamName(participantId))).at(-1)!.recordedAt;
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  describe('When an evaluator asks for the history', () => {
    it('answers the journey with its corrections, the participant by pseudonym only', async () => {
      const response = await api.as(EVALUATOR).get(history()).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const pseudonymiser = api.app.get<Pseudonymiser>(PSEUDONYMISER);
      expect(response.body).toMatchObject({
        participant: pseudonymiser.pseudonym(participantId),
        journeyId,
        stateNow: { status: 'open', corrected: [startId], interventions: [expect.objectContaining({ status: 'planned' })] },
        corrections: [
          {
            stepEventId: startId,
            type: 'InterventionStarted',
            recordedAt: startRecordedAt,
            correctedAt: correctionRecordedAt,
            knownThen: true,
            knownNow: false,
          },
        ],
      });
      expect(response.body.participant).toMatch(/^[0-9a-f]{32}$/);
      // The correction's reason is free text: left out, as in the export.
      expect(JSON.stringify(response.body)).not.toContain('Startade aldrig');
      expect(response.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
        'JourneyOpened',
        'InterventionPlanned',
        'InterventionStarted',
        'StepCorrected',
      ]);
      expect(response.body.entries[2].stateAfter).toMatchObject({
        status: 'open',
        counts: { interventions: { planned: 0, started: 1, completed: 0, interrupted: 0 }, corrected: 0 },
      });
      expect(response.body.entries[3].stateAfter.counts).toMatchObject({ interventions: { planned: 1 }, corrected: 1 });
    });

    it('never shows names, personnummer, contact details, the participant id or user ids', async () => {
      for (const query of ['', '?states=full', `?asOf=${encodeURIComponent(startRecordedAt)}`]) {
        const text = JSON.stringify((await api.as(EVALUATOR).get(history(query)).expect(200)).body);
        const forbidden = [
          PERSONNUMMER,
          PERSONNUMMER.slice(2),
          formatPersonnummer(PERSONNUMMER),
          ...Object.values(PERSONAL),
          participantId,
          CASEWORKER.userId,
          '"ct"',
          'lookupHash',
        ];
        for (const value of forbidden)
          expect({ query, leaks: text.includes(value), value }).toEqual({ query, leaks: false, value });
      }
    });

    it('gives full states when asked, one per event', async () => {
      const response = await api.as(EVALUATOR).get(history('?states=full')).expect(200);
      expect(response.body.entries[2].stateAfter).toMatchObject({
        interventions: [expect.objectContaining({ interventionId, status: 'started' })],
        corrected: [],
      });
      expect(response.body.entries[2].stateAfter).not.toHaveProperty('steps');
    });

    it('as of an instant before the correction was recorded, still counts the step', async () => {
      const response = await api
        .as(EVALUATOR)
        .get(history(`?asOf=${encodeURIComponent(startRecordedAt)}`))
        .expect(200);
      expect(response.body.asOf).toBe(startRecordedAt);
      expect(response.body.stateAsOf).toMatchObject({
        corrected: [],
        interventions: [expect.objectContaining({ status: 'started' })],
      });
      expect(response.body.corrections[0]).toMatchObject({ countsAsOf: true });
      expect(response.body.entries.map((entry: { knownAsOf: boolean }) => entry.knownAsOf)).toEqual([true, true, true, false]);
    });

    it('as of a day before the journey opened, has no journey then', async () => {
      const day = daysAgo(25).slice(0, 10);
      const response = await api
        .as(EVALUATOR)
        .get(history(`?asOf=${day}`))
        .expect(200);
      expect(response.body.stateAsOf).toBeNull();
    });

    it('answers an admin too', async () => {
      await api.as(ADMIN).get(history()).expect(200);
    });

    it('answers the same again, and with what was recorded since its last answer (the api keeps what it read)', async () => {
      const before = (await api.as(EVALUATOR).get(history('?states=full')).expect(200)).body;
      expect((await api.as(EVALUATOR).get(history('?states=full')).expect(200)).body).toEqual(before);
      const planned = randomUUID();
      await api
        .as(CASEWORKER)
        .post(`/api/v1/participants/${participantId}/journeys/${journeyId}/interventions`)
        .send({ interventionId: planned, type: 'praktik', providerOrganisationId: PROVIDER, occurredAt: daysAgo(1) })
        .expect(201);
      const after = (await api.as(EVALUATOR).get(history('?states=full')).expect(200)).body;
      expect(after.entries.slice(0, -1)).toEqual(before.entries);
      expect(after.entries.at(-1)).toMatchObject({ type: 'InterventionPlanned' });
      expect(after.stateNow.interventions).toHaveLength(2);
      expect(after.revision).toBe(before.revision + 1);
    });
  });

  describe('When the request is wrong', () => {
    it('refuses a bad asOf with 400, naming the field', async () => {
      for (const asOf of ['yesterday', '2026-02-30', '2026-03-01T12:00:00']) {
        const response = await api.as(EVALUATOR).get(history(`?asOf=${encodeURIComponent(asOf)}`));
        expectProblem(response, 400, 'as-of-format');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'asOf', rule: 'as-of-format' })]);
      }
      expectProblem(await api.as(EVALUATOR).get(history('?asOf=2026-01-01&asOf=2026-01-02')), 400, 'as-of-format');
      expectProblem(await api.as(EVALUATOR).get(history('?states=all')), 400, 'states-value');
    });

    it('answers 404 for an unknown participant or journey', async () => {
      expectProblem(await api.as(EVALUATOR).get(history('', randomUUID())), 404, 'journey-not-found');
      expectProblem(await api.as(EVALUATOR).get(history('', participantId, randomUUID())), 404, 'journey-not-found');
    });

    it('refuses caseworkers and managers with 403, and anyone without a token with 401', async () => {
      expectProblem(await api.as(CASEWORKER).get(history()), 403, 'role-not-allowed');
      expectProblem(await api.as(MANAGER).get(history()), 403, 'role-not-allowed');
      expect((await api.anonymous.get(history())).status).toBe(401);
    });
  });

  it('gives pseudonyms that another server key would not give', () => {
    const pseudonymiser = api.app.get<Pseudonymiser>(PSEUDONYMISER);
    expect(Pseudonymiser.fromLookupKey(randomBytes(32)).pseudonym(participantId)).not.toBe(
      pseudonymiser.pseudonym(participantId),
    );
  });
});
