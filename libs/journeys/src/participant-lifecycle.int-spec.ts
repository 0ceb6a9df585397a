import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Response } from 'supertest';
import type { Principal } from '@samspar/access';
import type { RecordedEvent } from '@samspar/kernel';
import { SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { organisationRegistered, trackDefined, unitAdded } from './catalogue.examples';
import { organisationStreamName } from './organisation';
import { participantStreamName } from './participant';
import { JourneysApi, PROBLEM_JSON, expectProblem, problemType as problem, startJourneysApi } from './testing';
import { trackStreamName } from './track';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

// Three organisations in the DUA cooperation: the sender, the receiver, and one that never works with the person.
const ORG_SENDER = randomUUID();
const ORG_RECEIVER = randomUUID();
const ORG_OTHER = randomUUID();
const UNIT_OF_RECEIVER = randomUUID();
const TRACK = randomUUID();
const RETIRED_TRACK = randomUUID();

const caseworker = (userId: string, organisationId: string): Principal => ({
  userId,
  role: 'caseworker',
  organisationIds: [organisationId],
  permissions: [],
});
const SENDER = caseworker('anna.berg', ORG_SENDER);
const RECEIVER = caseworker('bo.lind', ORG_RECEIVER);
const OUTSIDER = caseworker('cecilia.ek', ORG_OTHER);
const MANAGER: Principal = { userId: 'maria.sten', role: 'manager', organisationIds: [ORG_SENDER], permissions: [] };

// The person: a personnummer valid by the Luhn check, and personal data that must never reach an event in plain text.
const PERSONNUMMER = composePersonnummer('1987-05-14', 312);
const FIRST_NAME = 'Liisa-Maria';
const LAST_NAME = 'Öberg Haddad';
const PHONE = '070-123 45 67';
const EMAIL = 'liisa.haddad@example.se';

describe('A participant’s record over HTTP, on a real store', () => {
  let api: JourneysApi;

  const as = (principal: Principal) => api.as(principal);
  const streamOf = (participantId: string) => api.readStream(participantStreamName(participantId));

  beforeAll(async () => {
    api = await startJourneysApi();
    await api.signIn(SENDER, RECEIVER, OUTSIDER, MANAGER);
    // The catalogue belongs to admins and is written through its own routes; here it is set up in the store.
    await api.seed(organisationStreamName(ORG_SENDER), [
      organisationRegistered.example({
        organisationId: ORG_SENDER,
        name: 'Socialtjänsten, Eskilstuna kommun',
        kind: 'social_services',
      }),
    ]);
    await api.seed(organisationStreamName(ORG_RECEIVER), [
      organisationRegistered.example({ organisationId: ORG_RECEIVER, referralDeadlineDays: 14 }),
      unitAdded.example({ unitId: UNIT_OF_RECEIVER }),
    ]);
    await api.seed(organisationStreamName(ORG_OTHER), [
      organisationRegistered.example({ organisationId: ORG_OTHER, name: 'Komvux, Strängnäs kommun', kind: 'adult_education' }),
    ]);
    const owner = { ownerOrganisationId: ORG_RECEIVER };
    await api.seed(trackStreamName(TRACK), [trackDefined.preparatory({ trackId: TRACK, name: 'Arbetsträning', ...owner })]);
    await api.seed(trackStreamName(RETIRED_TRACK), [
      trackDefined.preparatory({ trackId: RETIRED_TRACK, name: 'Praktik 2023', ...owner }),
      { type: 'TrackRetired', data: {} },
    ]);
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  const participantId = randomUUID();
  const anonymousId = randomUUID();
  const consentId = randomUUID();
  const referralId = randomUUID();
  const journeyId = randomUUID();
  const enrolmentId = randomUUID();
  const interventionId = randomUUID();
  const participant = `/api/v1/participants/${participantId}`;
  const journey = `${participant}/journeys/${journeyId}`;
  let revision = -1;
  let exitAnswer: { eventIds: string[]; stepEventId: string; created: { kind: string; id: string } } | undefined;

  /**
   * Every successful command answers with the participant's id, revision, position and event ids, also as headers;
   * what it created and the step a correction names, when there are such.
   */
  function expectCommandResult(response: Response): void {
    expect(response.body).toEqual({
      id: participantId,
      revision: expect.any(Number),
      position: expect.any(String),
      eventIds: [expect.any(String)],
      ...('created' in response.body ? { created: { kind: expect.any(String), id: expect.any(String) } } : {}),
      ...('stepEventId' in response.body ? { stepEventId: response.body.eventIds[0] } : {}),
    });
    expect(response.body.revision).toBeGreaterThan(revision);
    expect(response.headers.etag).toBe(`"${response.body.revision}"`);
    expect(response.headers['x-global-position']).toBe(response.body.position);
    revision = response.body.revision;
  }

  describe('When a caseworker registers participants', () => {
    it('registers an identified participant with 201, its id and revision 0', async () => {
      const response = await as(SENDER)
        .post('/api/v1/participants')
        .send({
          participantId,
          personnummer: formatPersonnummer(PERSONNUMMER),
          firstName: FIRST_NAME,
          lastName: LAST_NAME,
          phone: PHONE,
          email: EMAIL,
          gender: 'kvinna',
          newlyArrived: true,
          educationBand: 'isced_3_4',
          homeMunicipality: '0484',
        })
        .expect(201);
      expectCommandResult(response);
      expect(response.body.revision).toBe(0);
      const [registered] = await streamOf(participantId);
      expect(registered).toMatchObject({
        type: 'ParticipantRegistered',
        data: { organisationId: ORG_SENDER, identity: { kind: 'identified' }, attributes: { birthYear: 1987 } },
      });
    });

    it('registers an anonymous participant with only statistical attributes', async () => {
      const response = await as(SENDER)
        .post('/api/v1/participants')
        .send({
          participantId: anonymousId,
          anonymous: true,
          anonymousReason: 'no_consent',
          gender: 'man',
          birthYear: 1994,
          newlyArrived: false,
          educationBand: 'isced_0_2',
        })
        .expect(201);
      expect(response.body).toMatchObject({ id: anonymousId, revision: 0 });
      const [registered] = await streamOf(anonymousId);
      expect(registered?.data).toMatchObject({ identity: { kind: 'anonymous', reason: 'no_consent' } });
    });

    it('refuses a second registration of the same personnummer with 409', async () => {
      const response = await as(SENDER)
        .post('/api/v1/participants')
        .send({
          participantId: randomUUID(),
          personnummer: formatPersonnummer(PERSONNUMMER),
          gender: 'kvinna',
          newlyArrived: true,
          educationBand: 'isced_3_4',
        });
      expectProblem(response, 409, 'participant-already-registered');
    });
  });

  describe('When the participant is referred to another organisation', () => {
    it('refuses a referral that no consent covers with 409 consent-required', async () => {
      const response = await as(SENDER)
        .post(`${participant}/referrals`)
        .send({ referralId: randomUUID(), toOrganisationId: ORG_RECEIVER, reason: 'work_preparation' });
      expectProblem(response, 409, 'consent-required');
      expect(response.body.detail).toMatch(/consent/i);
    });

    it('records the consent naming both organisations with 201', async () => {
      const response = await as(SENDER)
        .post(`${participant}/consents`)
        .send({
          consentId,
          organisationIds: [ORG_SENDER, ORG_RECEIVER],
          purpose: 'dua_samverkan',
          validFrom: new Date().toISOString().slice(0, 10),
        })
        .expect(201);
      expectCommandResult(response);
    });

    it('answers 404 organisation-not-found for a receiver the catalogue does not know', async () => {
      const response = await as(SENDER)
        .post(`${participant}/referrals`)
        .send({ referralId: randomUUID(), toOrganisationId: randomUUID(), reason: 'work_preparation' });
      expectProblem(response, 404, 'organisation-not-found');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'toOrganisationId' })]);
    });

    it("sends the referral with 201, due within the receiver's deadline from the catalogue", async () => {
      const response = await as(SENDER)
        .post(`${participant}/referrals`)
        .send({ referralId, toOrganisationId: ORG_RECEIVER, reason: 'work_preparation', suggestedTrackId: TRACK })
        .expect(201);
      expectCommandResult(response);
      const referred = (await streamOf(participantId)).find((event) => event.type === 'ParticipantReferred')!;
      const fourteenDays = 14 * 24 * 60 * 60 * 1000;
      expect(referred.data).toMatchObject({
        referralId,
        fromOrganisationId: ORG_SENDER,
        toOrganisationId: ORG_RECEIVER,
        deadlineAt: new Date(Date.parse(referred.metadata.occurredAt) + fourteenDays).toISOString(),
      });
    });

    it('shows the receiver, before it accepts, what the consent shares with it', async () => {
      const response = await as(RECEIVER).get(participant).expect(200);
      expect(response.body.referrals).toEqual([expect.objectContaining({ referralId, status: 'sent' })]);
    });

    it('answers a third organisation that tries to answer the referral as if it did not exist', async () => {
      expectProblem(await as(OUTSIDER).post(`/api/v1/referrals/${referralId}/acceptance`).send({}), 404, 'referral-not-found');
      expectProblem(
        await as(OUTSIDER).post(`/api/v1/referrals/${referralId}/decline`).send({ reason: 'other' }),
        404,
        'referral-not-found',
      );
    });

    it('tells the sender that only the receiver answers', async () => {
      expectProblem(await as(SENDER).post(`/api/v1/referrals/${referralId}/acceptance`).send({}), 403, 'not-receiver');
    });

    it('answers 404 referral-not-found for a referral never sent', async () => {
      expectProblem(await as(RECEIVER).post(`/api/v1/referrals/${randomUUID()}/acceptance`).send({}), 404, 'referral-not-found');
    });

    it('lets the receiver accept, with 200', async () => {
      const response = await as(RECEIVER).post(`/api/v1/referrals/${referralId}/acceptance`).send({}).expect(200);
      expectCommandResult(response);
    });

    it('lets the receiver decline another referral, with its reason', async () => {
      const declined = randomUUID();
      await as(SENDER)
        .post(`${participant}/referrals`)
        .send({ referralId: declined, toOrganisationId: ORG_RECEIVER, reason: 'education' })
        .expect(201)
        .then(expectCommandResult);
      const response = await as(RECEIVER)
        .post(`/api/v1/referrals/${declined}/decline`)
        .send({ reason: 'no_capacity' })
        .expect(200);
      expectCommandResult(response);
      expect((await streamOf(participantId)).at(-1)).toMatchObject({
        type: 'ReferralDeclined',
        data: { referralId: declined, reason: 'no_capacity' },
      });
    });

    it('lets the sender withdraw a referral not yet answered', async () => {
      const withdrawn = randomUUID();
      await as(SENDER)
        .post(`${participant}/referrals`)
        .send({ referralId: withdrawn, toOrganisationId: ORG_RECEIVER, reason: 'other' })
        .expect(201)
        .then(expectCommandResult);
      const response = await as(SENDER).post(`/api/v1/referrals/${withdrawn}/withdrawal`).send({}).expect(200);
      expectCommandResult(response);
      expect((await streamOf(participantId)).at(-1)).toMatchObject({
        type: 'ReferralWithdrawn',
        data: { referralId: withdrawn },
      });
    });
  });

  describe('When the receiver works with the participant', () => {
    it('opens a journey with 201, owned by the receiver', async () => {
      const response = await as(RECEIVER).post(`${participant}/journeys`).send({ journeyId }).expect(201);
      expectCommandResult(response);
      // Opening is not a step of the journey: nothing to correct.
      expect(response.body).toMatchObject({ created: { kind: 'journey', id: journeyId } });
      expect(response.body).not.toHaveProperty('stepEventId');
      expect((await streamOf(participantId)).at(-1)).toMatchObject({
        type: 'JourneyOpened',
        data: { journeyId, organisationId: ORG_RECEIVER },
      });
    });

    it('refuses a unit that its organisation does not have', async () => {
      const response = await as(RECEIVER)
        .post(`${journey}/caseworker`)
        .send({ caseworkerId: RECEIVER.userId, unitId: randomUUID() });
      expectProblem(response, 404, 'unit-not-found');
    });

    it('assigns a caseworker in one of its units, with 200', async () => {
      const response = await as(RECEIVER)
        .post(`${journey}/caseworker`)
        .send({ caseworkerId: RECEIVER.userId, unitId: UNIT_OF_RECEIVER })
        .expect(200);
      expectCommandResult(response);
    });

    it('refuses a track that the catalogue does not know, and a retired one', async () => {
      expectProblem(
        await as(RECEIVER).post(`${journey}/enrolments`).send({ enrolmentId, trackId: randomUUID() }),
        404,
        'track-not-found',
      );
      expectProblem(
        await as(RECEIVER).post(`${journey}/enrolments`).send({ enrolmentId, trackId: RETIRED_TRACK }),
        409,
        'track-retired',
      );
    });

    it('enrols the participant in an active track, with 201', async () => {
      const response = await as(RECEIVER).post(`${journey}/enrolments`).send({ enrolmentId, trackId: TRACK }).expect(201);
      expectCommandResult(response);
      expect(response.body).toMatchObject({ created: { kind: 'enrolment', id: enrolmentId }, stepEventId: expect.any(String) });
    });

    it('plans an intervention once, however often a request with the same Idempotency-Key is repeated', async () => {
      const key = randomUUID();
      const body = { interventionId, type: 'arbetstraning', providerOrganisationId: ORG_SENDER, enrolmentId };
      const first = await as(RECEIVER).post(`${journey}/interventions`).set('Idempotency-Key', key).send(body).expect(201);
      expectCommandResult(first);
      const repeat = await as(RECEIVER).post(`${journey}/interventions`).set('Idempotency-Key', key).send(body).expect(201);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      const planned = (await streamOf(participantId)).filter(
        (event) =>
          event.type === 'InterventionPlanned' && (event.data as { interventionId: string }).interventionId === interventionId,
      );
      expect(planned).toHaveLength(1);
    });

    it('answers a retry after its first attempt died mid-way with what that attempt stored, and stores nothing twice', async () => {
      const key = randomUUID();
      const other = randomUUID();
      const body = { interventionId: other, type: 'coaching', providerOrganisationId: ORG_RECEIVER, enrolmentId };
      const first = await as(RECEIVER).post(`${journey}/interventions`).set('Idempotency-Key', key).send(body).expect(201);
      // As a process killed after the append and before storing its answer leaves it: pending, past the lease.
      const sql = api.app.get<SqlClient>(SQL_CLIENT);
      const keys = `${quoteIdent(api.schema)}.idempotency_keys`;
      const reset = await sql.query(
        `UPDATE ${keys} SET status = NULL, body = NULL, headers = NULL, created_at = now() - interval '1 minute' WHERE key = $1 RETURNING 1`,
        [key],
      );
      expect(reset).toHaveLength(1);
      const retry = await as(RECEIVER).post(`${journey}/interventions`).set('Idempotency-Key', key).send(body).expect(201);
      expect(retry.body).toEqual(first.body);
      const planned = (await streamOf(participantId)).filter(
        (event) => event.type === 'InterventionPlanned' && (event.data as { interventionId: string }).interventionId === other,
      );
      expect(planned).toHaveLength(1);
      // A key pending within the lease belongs to a request still running: 409, retry later.
      const running = randomUUID();
      await sql.query(
        `INSERT INTO ${keys} (scope, key, request_hash) SELECT scope, $2, request_hash FROM ${keys} WHERE key = $1`,
        [key, running],
      );
      expectProblem(
        await as(RECEIVER).post(`${journey}/interventions`).set('Idempotency-Key', running).send(body),
        409,
        'idempotency-key-in-progress',
      );
    });

    it('refuses a provider that the catalogue does not know', async () => {
      const response = await as(RECEIVER)
        .post(`${journey}/interventions`)
        .send({ interventionId: randomUUID(), type: 'praktik', providerOrganisationId: randomUUID() });
      expectProblem(response, 404, 'organisation-not-found');
    });

    it('starts and completes the intervention, with 200 each', async () => {
      expectCommandResult(await as(RECEIVER).post(`${journey}/interventions/${interventionId}/start`).send({}).expect(200));
      expectCommandResult(await as(RECEIVER).post(`${journey}/interventions/${interventionId}/completion`).send({}).expect(200));
    });

    it('interrupts another intervention, with its reason', async () => {
      const interrupted = randomUUID();
      await as(RECEIVER)
        .post(`${journey}/interventions`)
        .send({ interventionId: interrupted, type: 'praktik', providerOrganisationId: ORG_OTHER })
        .expect(201)
        .then(expectCommandResult);
      expectCommandResult(await as(RECEIVER).post(`${journey}/interventions/${interrupted}/start`).send({}).expect(200));
      const response = await as(RECEIVER)
        .post(`${journey}/interventions/${interrupted}/interruption`)
        .send({ reason: 'illness' })
        .expect(200);
      expectCommandResult(response);
    });

    it('refuses an entry unemployment that starts after the status, or in the future, naming the field', async () => {
      const entry = { statusId: randomUUID(), moment: 'entry', status: 'job_seeking', incomeSources: ['income_support'] };
      // Two UTC days ahead: in the last hour of a UTC day, one day ahead is already today in Sweden.
      const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const cases: ReadonlyArray<readonly [object, string]> = [
        [{ unemployedSince: tomorrow }, 'not-after-status-day'],
        [{ unemployedSince: '2026-03-02', occurredAt: '2026-03-01T10:00:00Z' }, 'not-after-status-day'],
        [{ unemployedSince: '2025-02-30' }, 'is-iso8601'],
        [{ unemployedSince: '2025-02-01T00:00:00Z' }, 'matches'],
      ];
      for (const [extra, rule] of cases) {
        const response = await as(RECEIVER)
          .post(`${journey}/statuses`)
          .send({ ...entry, ...extra });
        expectProblem(response, 400, 'invalid-request');
        expect({ extra, errors: response.body.errors }).toEqual({
          extra,
          errors: expect.arrayContaining([expect.objectContaining({ field: 'unemployedSince', rule })]),
        });
      }
    });

    it('records the status at entry, with since when the participant is unemployed, and after the enrolment ends, at exit', async () => {
      expectCommandResult(
        await as(RECEIVER)
          .post(`${journey}/statuses`)
          .send({
            statusId: randomUUID(),
            moment: 'entry',
            status: 'job_seeking',
            incomeSources: ['income_support'],
            unemployedSince: '2024-02-01',
          })
          .expect(201),
      );
      expect((await streamOf(participantId)).at(-1)).toMatchObject({
        type: 'LabourMarketStatusRecorded',
        data: { moment: 'entry', unemployedSince: '2024-02-01' },
      });
      expectCommandResult(await as(RECEIVER).post(`${journey}/enrolments/${enrolmentId}/end`).send({}).expect(200));
      const exitStatusId = randomUUID();
      const exit = await as(RECEIVER)
        .post(`${journey}/statuses`)
        .send({
          statusId: exitStatusId,
          moment: 'exit',
          status: 'employed',
          incomeSources: ['salary'],
          expectedToLastOneMonth: true,
          enrolmentId,
        })
        .expect(201);
      expectCommandResult(exit);
      expect(exit.body.created).toEqual({ kind: 'status', id: exitStatusId });
      exitAnswer = exit.body;
    });

    it('refuses a close with a stale If-Match with 412, and closes with the current one', async () => {
      const stale = await as(RECEIVER)
        .post(`${journey}/closing`)
        .set('If-Match', `"${revision - 1}"`)
        .send({ reason: 'work' });
      expectProblem(stale, 412, 'revision-mismatch');
      const response = await as(RECEIVER)
        .post(`${journey}/closing`)
        .set('If-Match', `"${revision}"`)
        .send({ reason: 'work' })
        .expect(200);
      expectCommandResult(response);
    });

    it('refuses a step on the closed journey with 409', async () => {
      const response = await as(RECEIVER)
        .post(`${journey}/interventions`)
        .send({ interventionId: randomUUID(), type: 'coaching', providerOrganisationId: ORG_RECEIVER });
      expectProblem(response, 409, 'journey-closed');
    });

    it('re-opens the journey, with 200', async () => {
      // `*` only asks that the participant exists, which the decider checks anyway.
      expectCommandResult(await as(RECEIVER).post(`${journey}/reopening`).set('If-Match', '*').send({}).expect(200));
    });

    it('corrects the exit status by the stepEventId its command answered with; the original stays in the log', async () => {
      const exit = (await streamOf(participantId)).find(
        (event) => event.type === 'LabourMarketStatusRecorded' && (event.data as { moment: string }).moment === 'exit',
      )!;
      expect(exitAnswer?.stepEventId).toBe(exit.id);
      const shown = await as(RECEIVER).get(`${participant}/journeys`).expect(200);
      const before = shown.body.find((each: { journeyId: string }) => each.journeyId === journeyId);
      expect(before.statuses).toContainEqual(
        expect.objectContaining({ statusId: exitAnswer?.created.id, expectedToLastOneMonth: true, enrolmentId }),
      );
      const response = await as(RECEIVER)
        .post(`${journey}/corrections`)
        .send({ stepEventId: exitAnswer?.stepEventId, reason: 'Fel datum för avslut' })
        .expect(200);
      expectCommandResult(response);
      // A correction is not itself a step, nor does it create one.
      expect(response.body).not.toHaveProperty('stepEventId');
      const after = (await as(RECEIVER).get(`${participant}/journeys`).expect(200)).body.find(
        (each: { journeyId: string }) => each.journeyId === journeyId,
      );
      expect(after.statuses.map((status: { statusId: string }) => status.statusId)).not.toContain(exitAnswer?.created.id);
      expect(after.corrections).toEqual([
        { correctedEventId: exit.id, reason: 'Fel datum för avslut', correctedAt: expect.any(String) },
      ]);
      const events = await streamOf(participantId);
      expect(events.at(-1)).toMatchObject({ type: 'StepCorrected', data: { journeyId, correctedEventId: exit.id } });
      expect(events.map((event) => event.id)).toContain(exit.id);
    });

    it('lets the sender, which registered the participant, withdraw the consent by the path', async () => {
      const response = await as(SENDER).post(`${participant}/consents/${consentId}/withdrawal`).send({}).expect(200);
      expectCommandResult(response);
      expect((await streamOf(participantId)).at(-1)).toMatchObject({ type: 'ConsentWithdrawn', data: { consentId } });
    });
  });

  describe('When another participant’s record is given an id already in use', () => {
    // The read models key journeys, enrolments and interventions by id alone: a second use would stop them.
    const otherId = randomUUID();
    const other = `/api/v1/participants/${otherId}`;
    const otherJourney = `${other}/journeys/${randomUUID()}`;
    const freshId = randomUUID();

    beforeAll(async () => {
      await as(RECEIVER)
        .post('/api/v1/participants')
        .send({
          participantId: otherId,
          personnummer: formatPersonnummer(composePersonnummer('1990-02-03', 125)),
          firstName: 'Amina',
          lastName: 'Svensson',
          gender: 'kvinna',
          newlyArrived: false,
          educationBand: 'isced_3_4',
        })
        .expect(201);
      await as(RECEIVER)
        .post(`${other}/journeys`)
        .send({ journeyId: otherJourney.split('/').at(-1) })
        .expect(201);
      await as(RECEIVER)
        .post('/api/v1/participants')
        .send({
          participantId: freshId,
          anonymous: true,
          anonymousReason: 'no_consent',
          gender: 'man',
          birthYear: 1991,
          newlyArrived: false,
          educationBand: 'isced_3_4',
        })
        .expect(201);
    });

    it.each([
      [
        'a journey',
        () => freshId,
        () => `/api/v1/participants/${freshId}/journeys`,
        () => ({ journeyId: journeyId.toUpperCase() }),
        'journeyId',
      ],
      ['an enrolment', () => otherId, () => `${otherJourney}/enrolments`, () => ({ enrolmentId, trackId: TRACK }), 'enrolmentId'],
      [
        'an intervention',
        () => otherId,
        () => `${otherJourney}/interventions`,
        () => ({ interventionId, type: 'coaching', providerOrganisationId: ORG_RECEIVER }),
        'interventionId',
      ],
    ] as const)('refuses %s with 409 id-in-use, naming the field, and records nothing', async (_what, who, path, body, field) => {
      const before = (await streamOf(who())).length;
      const response = await as(RECEIVER).post(path()).send(body());
      expectProblem(response, 409, 'id-in-use');
      expect(JSON.stringify(response.body)).toContain(field);
      expect(await streamOf(who())).toHaveLength(before);
    });

    it('refuses a referral id another participant’s referral has', async () => {
      await as(RECEIVER)
        .post(`${other}/consents`)
        .send({ consentId: randomUUID(), organisationIds: [ORG_SENDER], purpose: 'dua', validFrom: '2026-01-01' })
        .expect(201);
      const before = (await streamOf(otherId)).length;
      const response = await as(RECEIVER)
        .post(`${other}/referrals`)
        .send({ referralId, toOrganisationId: ORG_SENDER, reason: 'other' });
      expectProblem(response, 409, 'id-in-use');
      expect(await streamOf(otherId)).toHaveLength(before);
    });

    it('claims nothing for a caller the participant is hidden from, and tells it nothing of the id', async () => {
      const taken = randomUUID();
      const refused = await as(OUTSIDER).post(`${other}/journeys`).send({ journeyId: taken });
      expectProblem(refused, 404, 'participant-not-found');
      // Had the refused call claimed the id for the hidden participant, this would be 409.
      await as(RECEIVER).post(`/api/v1/participants/${freshId}/journeys`).send({ journeyId: taken }).expect(201);
    });

    it('still takes a new id', async () => {
      await as(RECEIVER)
        .post(`${otherJourney}/interventions`)
        .send({ interventionId: randomUUID(), type: 'coaching', providerOrganisationId: ORG_RECEIVER })
        .expect(201);
    });
  });

  /** Every participant route, with a body that would pass validation, so that only the caller differs. */
  const participantRoutes = (): ReadonlyArray<readonly [string, object]> => {
    const intervention = `${journey}/interventions/${interventionId}`;
    return [
      [
        `${participant}/consents`,
        { consentId: randomUUID(), organisationIds: [ORG_OTHER], purpose: 'dua', validFrom: '2026-01-01' },
      ],
      [`${participant}/consents/${consentId}/withdrawal`, {}],
      [`${participant}/referrals`, { referralId: randomUUID(), toOrganisationId: ORG_SENDER, reason: 'other' }],
      [`/api/v1/referrals/${referralId}/acceptance`, {}],
      [`/api/v1/referrals/${referralId}/decline`, { reason: 'other' }],
      [`/api/v1/referrals/${referralId}/withdrawal`, {}],
      [`${participant}/journeys`, { journeyId: randomUUID() }],
      [`${journey}/caseworker`, { caseworkerId: 'cecilia.ek' }],
      [`${journey}/enrolments`, { enrolmentId: randomUUID(), trackId: TRACK }],
      [`${journey}/enrolments/${enrolmentId}/end`, {}],
      [`${journey}/interventions`, { interventionId: randomUUID(), type: 'coaching', providerOrganisationId: ORG_OTHER }],
      [`${intervention}/start`, {}],
      [`${intervention}/completion`, {}],
      [`${intervention}/interruption`, { reason: 'other' }],
      [`${journey}/statuses`, { statusId: randomUUID(), moment: 'follow_up_1m', status: 'unknown', incomeSources: ['none'] }],
      [`${journey}/closing`, { reason: 'moved' }],
      [`${journey}/reopening`, {}],
      [`${journey}/corrections`, { stepEventId: randomUUID(), reason: 'Fel' }],
    ];
  };

  describe('When a caseworker of an organisation that does not work with the participant calls', () => {
    it('answers 404 on every participant route, as for an unknown participant, and records nothing', async () => {
      const before = (await streamOf(participantId)).length;
      for (const [path, body] of participantRoutes()) {
        const response = await as(OUTSIDER).post(path).send(body);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(response.body.type).toMatch(/\/(participant|referral)-not-found$/);
      }
      expect(await streamOf(participantId)).toHaveLength(before);
    });
  });

  describe('When a manager calls', () => {
    it('answers 403 on every command route, since managers read aggregates only', async () => {
      for (const [path, body] of [...participantRoutes(), ['/api/v1/participants', {}] as const]) {
        const response = await as(MANAGER).post(path).send(body);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
        expect(response.body.type).toBe(problem('role-not-allowed'));
      }
    });
  });

  describe('When a developer reads the OpenAPI document', () => {
    it('finds every command with its summary, Idempotency-Key, and If-Match where a participant already exists', () => {
      const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
      const post = (path: string) => document.paths[path]?.post;
      const headers = (path: string) =>
        (post(path)?.parameters ?? []).flatMap((parameter) =>
          'in' in parameter && parameter.in === 'header' ? [parameter.name] : [],
        );
      expect(post('/api/v1/participants')?.summary).toEqual(expect.any(String));
      expect(headers('/api/v1/participants')).toEqual(['Idempotency-Key']);
      for (const path of [
        '/api/v1/participants/{participantId}/referrals',
        '/api/v1/referrals/{referralId}/acceptance',
        '/api/v1/participants/{participantId}/journeys/{journeyId}/interventions/{interventionId}/completion',
      ]) {
        expect(post(path)?.summary).toEqual(expect.any(String));
        expect(headers(path).sort()).toEqual(['Idempotency-Key', 'If-Match']);
      }
    });
  });

  describe('When an evaluator reads every stored event', () => {
    it('finds neither the personnummer nor the names nor the contact details', async () => {
      const events: RecordedEvent[] = [];
      for await (const event of api.store.readAll()) events.push(event);
      const log = events.map((event) => JSON.stringify(event)).join('\n');
      // The scan sees the participant's events, or finding nothing would prove nothing.
      expect(log).toContain(`"lookupHash"`);
      expect(log).toContain(participantId);
      for (const secret of [
        PERSONNUMMER,
        PERSONNUMMER.slice(2),
        formatPersonnummer(PERSONNUMMER),
        formatPersonnummer(PERSONNUMMER).slice(2),
        FIRST_NAME,
        LAST_NAME,
        'Liisa',
        'Haddad',
        PHONE,
        PHONE.replace(/\D/g, ''),
        EMAIL,
      ]) {
        expect(log).not.toContain(secret);
      }
    });
  });
});
