import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Principal } from '@samspar/access';
import { KEY_VAULT, KeyVault, composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { organisationRegistered } from '../catalogue.examples';
import { organisationStreamName } from '../organisation';
import { ParticipantEvent, participantStreamName } from '../participant';
import { copiedWhile } from '../testing/fold-work';
import { JourneysApi, PROBLEM_JSON, expectProblem, problemType, startJourneysApi } from '../testing';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const ORG_OWNER = randomUUID();
const ORG_RECEIVER = randomUUID();
const ORG_OTHER = randomUUID();

const caseworker = (userId: string, organisationId: string, permissions: Principal['permissions'] = []): Principal => ({
  userId,
  role: 'caseworker',
  organisationIds: [organisationId],
  permissions,
});
const OWNER = caseworker('anna.berg', ORG_OWNER);
const OWNER_WITH_PROTECTED = caseworker('per.holm', ORG_OWNER, ['protected_identity']);
const RECEIVER = caseworker('bo.lind', ORG_RECEIVER);
const OUTSIDER = caseworker('cecilia.ek', ORG_OTHER);
const MANAGER: Principal = { userId: 'maria.sten', role: 'manager', organisationIds: [ORG_OWNER], permissions: [] };
const EVALUATOR: Principal = { userId: 'erik.fou', role: 'evaluator', organisationIds: [ORG_OWNER], permissions: [] };
const ADMIN: Principal = { userId: 'admin-1', role: 'admin', organisationIds: [ORG_OWNER], permissions: [] };

const PERSONNUMMER = composePersonnummer('1979-11-23', 457);
const NEVER_REGISTERED = composePersonnummer('1990-02-03', 123);
const PERSONAL = { firstName: 'Sahra', lastName: 'Lindqvist Warsame', phone: '070-987 65 43', email: 'sahra@example.se' };

const daysAgo = (days: number): string => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
const today = (): string => new Date().toISOString().slice(0, 10);
const REGISTERED_AT = daysAgo(30);
const FIRST_OPENED_AT = daysAgo(20);
const PLANNED_AT = daysAgo(18);
const STARTED_AT = daysAgo(16);
const COMPLETED_AT = daysAgo(13);
const CLOSED_AT = daysAgo(12);
const SECOND_OPENED_AT = daysAgo(10);
const STATUS_AT = daysAgo(9);

describe('Reading a participant over HTTP, on a real store', () => {
  let api: JourneysApi;
  const participantId = randomUUID();
  const protectedId = randomUUID();
  const firstJourney = randomUUID();
  const secondJourney = randomUUID();
  const consentId = randomUUID();
  const referralId = randomUUID();
  const interventionId = randomUUID();
  const statusId = randomUUID();
  const participant = `/api/v1/participants/${participantId}`;
  const lookup = (personnummer: string) => `/api/v1/participants?personnummer=${encodeURIComponent(personnummer)}`;

  /** The five read routes, for a participant and one of its journeys. */
  const readRoutes = (id: string, journeyId: string, personnummer: string): string[] => [
    lookup(personnummer),
    `/api/v1/participants/${id}`,
    `/api/v1/participants/${id}/personnummer`,
    `/api/v1/participants/${id}/journeys`,
    `/api/v1/participants/${id}/journeys/${journeyId}/timeline`,
  ];

  beforeAll(async () => {
    api = await startJourneysApi();
    await api.signIn(OWNER, OWNER_WITH_PROTECTED, RECEIVER, OUTSIDER, MANAGER, EVALUATOR, ADMIN);
    await api.seed(organisationStreamName(ORG_OWNER), [
      organisationRegistered.example({ organisationId: ORG_OWNER, name: 'Socialtjänsten, Gotland', kind: 'social_services' }),
    ]);
    await api.seed(organisationStreamName(ORG_RECEIVER), [organisationRegistered.example({ organisationId: ORG_RECEIVER })]);
    await api.seed(organisationStreamName(ORG_OTHER), [
      organisationRegistered.example({ organisationId: ORG_OTHER, name: 'Komvux, Gotland', kind: 'adult_education' }),
    ]);
    await api
      .as(OWNER)
      .post('/api/v1/participants')
      .send({
        participantId,
        personnummer: formatPersonnummer(PERSONNUMMER),
        ...PERSONAL,
        gender: 'kvinna',
        newlyArrived: true,
        educationBand: 'isced_0_2',
        homeMunicipality: '0980',
        occurredAt: REGISTERED_AT,
      })
      .expect(201);
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  const read = (principal: Principal) => api.as(principal).get(participant);

  describe('When a path id is not a UUID', () => {
    it('answers 400 problem+json naming the path parameter and the rule, like any other invalid field', async () => {
      const response = await api.as(OWNER).get(`/api/v1/participants/${participantId}/journeys/not-a-uuid/timeline`);
      expectProblem(response, 400, 'invalid-request');
      expect(response.body.errors).toEqual([{ field: 'journeyId', rule: 'is-uuid', message: 'journeyId must be a UUID' }]);
    });
  });

  describe('When the owning caseworker looks a participant up by personnummer', () => {
    it('finds it by the 12-digit and the 10-digit forms, with or without the hyphen', async () => {
      const forms = [
        formatPersonnummer(PERSONNUMMER),
        PERSONNUMMER,
        `${PERSONNUMMER.slice(2, 8)}-${PERSONNUMMER.slice(8)}`,
        PERSONNUMMER.slice(2),
      ];
      for (const form of forms) {
        const response = await api.as(OWNER).get(lookup(form));
        expect({ form, status: response.status, body: response.body }).toEqual({ form, status: 200, body: { participantId } });
      }
    });

    it('refuses a malformed personnummer with 400, naming the field and the rule, and never echoes the query', async () => {
      const malformed = await api.as(OWNER).get(lookup('19791123-45'));
      expectProblem(malformed, 400, 'personnummer-format');
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'personnummer', rule: 'personnummer-format' })]);
      // A query string may carry personal data: the problem names the path only.
      expect(malformed.body.instance).toBe('/api/v1/participants');

      const wrongCheckDigit = `${PERSONNUMMER.slice(0, 11)}${(Number(PERSONNUMMER.at(-1)) + 1) % 10}`;
      const checkDigit = await api.as(OWNER).get(lookup(wrongCheckDigit));
      expectProblem(checkDigit, 400, 'personnummer-check-digit');
      expect(checkDigit.body.errors).toEqual([expect.objectContaining({ field: 'personnummer' })]);
    });

    it('asks for exactly one personnummer', async () => {
      expectProblem(await api.as(OWNER).get('/api/v1/participants'), 400, 'personnummer-required');
      const twice = `${lookup(PERSONNUMMER)}&personnummer=${NEVER_REGISTERED}`;
      expectProblem(await api.as(OWNER).get(twice), 400, 'personnummer-required');
    });

    it('answers 404 participant-not-found for a personnummer never registered', async () => {
      expectProblem(await api.as(OWNER).get(lookup(NEVER_REGISTERED)), 404, 'participant-not-found');
    });
  });

  describe('When the owning caseworker reads the record', () => {
    it('returns the attributes and the decrypted personal data, with the revision as ETag', async () => {
      const response = await read(OWNER).expect(200);
      expect(response.body).toEqual({
        participantId,
        registrationShared: true,
        organisationId: ORG_OWNER,
        registeredAt: REGISTERED_AT,
        identified: true,
        protectedIdentity: false,
        attributes: {
          gender: 'kvinna',
          birthYear: 1979,
          newlyArrived: true,
          educationBand: 'isced_0_2',
          homeMunicipality: '0980',
        },
        // The last four digits hidden: showing them is a read of its own.
        personal: { status: 'ok', value: { personnummerMasked: `${PERSONNUMMER.slice(0, 8)}-****`, ...PERSONAL } },
        consents: [],
        referrals: [],
        journeys: [],
        revision: 0,
      });
      expect(response.headers.etag).toBe('"0"');
      // Stored with century, as 12 digits.
      await api.as(OWNER).get(`${participant}/personnummer`).expect(200, { personnummer: PERSONNUMMER });
    });

    it('takes the ETag as If-Match on the next command, and refuses it with 412 once it is stale', async () => {
      const { headers } = await read(OWNER).expect(200);
      const consent = { consentId, organisationIds: [ORG_OWNER, ORG_RECEIVER], purpose: 'samverkan', validFrom: today() };
      const recorded = await api
        .as(OWNER)
        .post(`${participant}/consents`)
        .set('If-Match', headers.etag!)
        .send(consent)
        .expect(201);
      expect(recorded.body.revision).toBe(1);

      const stale = await api
        .as(OWNER)
        .post(`${participant}/consents`)
        .set('If-Match', headers.etag!)
        .send({ ...consent, consentId: randomUUID() });
      expectProblem(stale, 412, 'revision-mismatch');
      const after = await read(OWNER).expect(200);
      expect(after.headers.etag).toBe('"1"');
      expect(after.body.consents).toEqual([{ ...consent, recordedBy: ORG_OWNER }]);
    });
  });

  describe('When the participant has had two journeys', () => {
    // A re-entry: the first journey closed before the second opened. Each step is dated days before it is recorded.
    beforeAll(async () => {
      const owner = api.as(OWNER);
      const first = `${participant}/journeys/${firstJourney}`;
      const steps: ReadonlyArray<readonly [string, object]> = [
        [`${participant}/journeys`, { journeyId: firstJourney, occurredAt: FIRST_OPENED_AT }],
        [
          `${first}/interventions`,
          { interventionId, type: 'praktik', providerOrganisationId: ORG_RECEIVER, occurredAt: PLANNED_AT },
        ],
        [`${first}/interventions/${interventionId}/start`, { occurredAt: STARTED_AT }],
        [`${first}/interventions/${interventionId}/completion`, { occurredAt: COMPLETED_AT }],
        [`${first}/closing`, { reason: 'moved', occurredAt: CLOSED_AT }],
        [`${participant}/journeys`, { journeyId: secondJourney, occurredAt: SECOND_OPENED_AT }],
        [
          `${participant}/journeys/${secondJourney}/statuses`,
          { statusId, moment: 'entry', status: 'job_seeking', incomeSources: ['income_support'], occurredAt: STATUS_AT },
        ],
      ];
      for (const [path, body] of steps) {
        const response = await owner.post(path).send(body);
        // A refusal shows its path and problem here.
        expect({ path, body: response.body }).toEqual({ path, body: expect.objectContaining({ revision: expect.any(Number) }) });
      }
    });

    it('lists the journeys with their state and the revision as ETag', async () => {
      const response = await api.as(OWNER).get(`${participant}/journeys`).expect(200);
      expect(response.headers.etag).toBe('"8"');
      expect(response.body).toEqual([
        {
          journeyId: firstJourney,
          organisationId: ORG_OWNER,
          status: 'closed',
          openedAt: FIRST_OPENED_AT,
          closedAt: CLOSED_AT,
          closingReason: 'moved',
          enrolments: [],
          interventions: [
            {
              interventionId,
              type: 'praktik',
              providerOrganisationId: ORG_RECEIVER,
              status: 'completed',
              startedAt: STARTED_AT,
              endedAt: COMPLETED_AT,
            },
          ],
          statuses: [],
          corrected: [],
        },
        {
          journeyId: secondJourney,
          organisationId: ORG_OWNER,
          status: 'open',
          openedAt: SECOND_OPENED_AT,
          enrolments: [],
          interventions: [],
          statuses: [
            {
              statusId,
              eventId: expect.any(String),
              moment: 'entry',
              status: 'job_seeking',
              incomeSources: ['income_support'],
              recordedFor: STATUS_AT,
            },
          ],
          corrected: [],
        },
      ]);
    });

    it('shows a journey’s timeline: only its events, in order, each with occurredAt, recordedAt and the actor', async () => {
      const response = await api.as(OWNER).get(`${participant}/journeys/${firstJourney}/timeline`).expect(200);
      expect(response.headers.etag).toBe('"8"');
      const timeline = response.body as Array<Record<string, unknown>>;
      expect(timeline.map(({ type, revision, occurredAt }) => [type, revision, occurredAt])).toEqual([
        ['JourneyOpened', 2, FIRST_OPENED_AT],
        ['InterventionPlanned', 3, PLANNED_AT],
        ['InterventionStarted', 4, STARTED_AT],
        ['InterventionCompleted', 5, COMPLETED_AT],
        ['JourneyClosed', 6, CLOSED_AT],
      ]);
      const actor = { role: 'caseworker', organisationId: ORG_OWNER };
      expect(timeline[1]).toEqual({
        eventId: expect.any(String),
        type: 'InterventionPlanned',
        data: { journeyId: firstJourney, interventionId, type: 'praktik', providerOrganisationId: ORG_RECEIVER },
        occurredAt: PLANNED_AT,
        recordedAt: expect.any(String),
        revision: 3,
        // The role and organisation, not the user.
        actor,
      });
      for (const entry of timeline) {
        expect(entry.actor).toEqual(actor);
        // Dated days back, recorded just now.
        expect(Date.parse(entry.recordedAt as string)).toBeGreaterThan(Date.parse(entry.occurredAt as string));
      }

      const second = await api.as(OWNER).get(`${participant}/journeys/${secondJourney}/timeline`).expect(200);
      expect(second.body.map(({ type, revision }: { type: string; revision: number }) => [type, revision])).toEqual([
        ['JourneyOpened', 7],
        ['LabourMarketStatusRecorded', 8],
      ]);
    });

    it('answers 404 journey-not-found for a journey the participant does not have', async () => {
      expectProblem(await api.as(OWNER).get(`${participant}/journeys/${randomUUID()}/timeline`), 404, 'journey-not-found');
    });
  });

  describe('When another organisation is referred the participant under consent', () => {
    it('shows the receiver, before it accepts, what the consent shares with it', async () => {
      await api
        .as(OWNER)
        .post(`${participant}/referrals`)
        .send({ referralId, toOrganisationId: ORG_RECEIVER, reason: 'work_preparation' })
        .expect(201);
      const response = await read(RECEIVER).expect(200);
      expect(response.body).toMatchObject({
        registrationShared: true,
        referrals: [{ referralId, status: 'sent' }],
      });
    });

    it('lets the receiver find and read the whole record once it has accepted, personal data included', async () => {
      await api.as(RECEIVER).post(`/api/v1/referrals/${referralId}/acceptance`).send({}).expect(200);
      expect((await api.as(RECEIVER).get(lookup(PERSONNUMMER)).expect(200)).body).toEqual({ participantId });
      const response = await read(RECEIVER).expect(200);
      expect(response.body).toMatchObject({
        personal: { status: 'ok', value: { personnummerMasked: `${PERSONNUMMER.slice(0, 8)}-****`, ...PERSONAL } },
        consents: [{ consentId, organisationIds: [ORG_OWNER, ORG_RECEIVER] }],
        referrals: [{ referralId, fromOrganisationId: ORG_OWNER, toOrganisationId: ORG_RECEIVER, status: 'accepted' }],
        journeys: [{ journeyId: firstJourney }, { journeyId: secondJourney }],
      });
      await api.as(RECEIVER).get(`${participant}/journeys/${firstJourney}/timeline`).expect(200);
      await api.as(RECEIVER).get(`${participant}/personnummer`).expect(200, { personnummer: PERSONNUMMER });
    });

    it('keeps what was shared with the receiver once the consent is withdrawn, and shares nothing recorded after', async () => {
      const before = await read(RECEIVER).expect(200);
      await api.as(OWNER).post(`${participant}/consents/${consentId}/withdrawal`).send({}).expect(200);
      const later = randomUUID();
      await api
        .as(OWNER)
        .post(`${participant}/consents`)
        .send({ consentId: later, organisationIds: [randomUUID()], purpose: 'samverkan', validFrom: today() })
        .expect(201);
      for (const path of readRoutes(participantId, firstJourney, PERSONNUMMER)) {
        expect({ path, status: (await api.as(RECEIVER).get(path)).status }).toEqual({ path, status: 200 });
      }
      const after = await read(RECEIVER).expect(200);
      // Neither the withdrawal nor the consent recorded after it crossed.
      expect(after.body.consents).toEqual(before.body.consents);
      expect(after.body.journeys).toEqual(before.body.journeys);
      const owner = await read(OWNER).expect(200);
      expect(owner.body.consents).toEqual([
        expect.objectContaining({ consentId, withdrawnAt: expect.any(String) }),
        expect.objectContaining({ consentId: later }),
      ]);
    });
  });

  /** What a caller could tell two answers apart by: all but the request's own path and id. */
  const comparable = (response: Response) => {
    const { instance: _instance, requestId: _requestId, ...body } = response.body as Record<string, unknown>;
    return { status: response.status, contentType: response.headers['content-type'], etag: response.headers.etag, body };
  };

  describe('When a caseworker of an organisation that does not work with the participant reads', () => {
    it('answers every read route exactly as for a participant that does not exist', async () => {
      const existing = readRoutes(participantId, firstJourney, PERSONNUMMER);
      const unknown = readRoutes(randomUUID(), randomUUID(), NEVER_REGISTERED);
      for (const [i, path] of existing.entries()) {
        const hidden = await api.as(OUTSIDER).get(path);
        expect(hidden.body).toMatchObject({ type: problemType('participant-not-found'), status: 404 });
        expect(hidden.headers['content-type']).toMatch(PROBLEM_JSON);
        expect({ path, ...comparable(hidden) }).toEqual({ path, ...comparable(await api.as(OUTSIDER).get(unknown[i]!)) });
      }
    });
  });

  describe('When the participant has skyddade personuppgifter', () => {
    const path = `/api/v1/participants/${protectedId}`;

    beforeAll(async () => {
      await api
        .as(OWNER)
        .post('/api/v1/participants')
        .send({
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
      await api.as(OWNER_WITH_PROTECTED).post(`${path}/journeys`).send({ journeyId: randomUUID() }).expect(201);
    });

    it('hides it from a caseworker of the owning organisation without the protected_identity permission', async () => {
      const unknown = `/api/v1/participants/${randomUUID()}`;
      for (const [route, never] of [
        [path, unknown],
        [`${path}/journeys`, `${unknown}/journeys`],
      ] as const) {
        const hidden = await api.as(OWNER).get(route);
        expect(hidden.status).toBe(404);
        expect({ route, ...comparable(hidden) }).toEqual({ route, ...comparable(await api.as(OWNER).get(never)) });
      }
    });

    it('asks a caseworker with the permission why they read it (X-Purpose), before showing anything', async () => {
      const response = await api.as(OWNER_WITH_PROTECTED).get(path);
      expectProblem(response, 400, 'purpose-required');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'X-Purpose' })]);
      expect(response.body).not.toHaveProperty('attributes');
    });

    it('shows it with the permission and a purpose, with no personal data to show', async () => {
      const response = await api.as(OWNER_WITH_PROTECTED).get(path).set('X-Purpose', 'Planering av insats').expect(200);
      expect(response.body).toMatchObject({
        participantId: protectedId,
        identified: false,
        protectedIdentity: true,
        attributes: { gender: 'annat', birthYear: 2001 },
        journeys: [{ organisationId: ORG_OWNER, status: 'open' }],
      });
      expect(response.body).not.toHaveProperty('personal');
    });
  });

  describe('When someone who is not a caseworker reads', () => {
    it('answers 403 to managers, evaluators and admins on every read route', async () => {
      for (const principal of [MANAGER, EVALUATOR, ADMIN]) {
        for (const path of readRoutes(participantId, firstJourney, PERSONNUMMER)) {
          const response = await api.as(principal).get(path);
          expect({ role: principal.role, path, status: response.status, type: response.body.type }).toEqual({
            role: principal.role,
            path,
            status: 403,
            type: problemType('role-not-allowed'),
          });
        }
      }
    });

    it('answers 401 with a Bearer challenge when there is no token', async () => {
      for (const path of readRoutes(participantId, firstJourney, PERSONNUMMER)) {
        const response = await api.anonymous.get(path);
        expectProblem(response, 401, 'unauthenticated');
        expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      }
    });
  });

  describe('When a participant’s stream is long', () => {
    const longId = randomUUID();
    const journeyId = randomUUID();
    const path = `/api/v1/participants/${longId}`;
    const STEPS = 2_000;

    beforeAll(async () => {
      await api
        .as(OWNER)
        .post('/api/v1/participants')
        .send({
          participantId: longId,
          anonymous: true,
          anonymousReason: 'no_consent',
          gender: 'man',
          birthYear: 1988,
          newlyArrived: false,
          educationBand: 'isced_3_4',
          occurredAt: daysAgo(5),
        })
        .expect(201);
      await api
        .as(OWNER)
        .post(`${path}/journeys`)
        .send({ journeyId, occurredAt: daysAgo(5) })
        .expect(201);
      // Two thousand steps, as the owning organisation's caseworkers recorded them over a day.
      const start = Date.parse(daysAgo(4));
      const steps = Array.from({ length: STEPS }, (_, i): ParticipantEvent => {
        return i % 2 === 0
          ? { type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: `caseworker-${i % 5}` } }
          : {
              type: 'LabourMarketStatusRecorded',
              data: { journeyId, statusId: randomUUID(), moment: 'follow_up_1m', status: 'job_seeking', incomeSources: [] },
            };
      });
      const stream = participantStreamName(longId);
      await api.store.append(
        stream,
        steps.map((step, i) => ({
          id: randomUUID(),
          ...step,
          metadata: {
            occurredAt: new Date(start + i * 30_000).toISOString(),
            actor: { userId: OWNER.userId, role: 'caseworker', organisationId: ORG_OWNER },
            schemaVersion: 1,
          },
        })),
        { expectedRevision: (await api.readStream(stream)).length - 1 },
      );
    }, STARTUP_TIMEOUT_MS);

    it('reads the record and the timeline copying in proportion to the stream, not its square', async () => {
      // Work counted, not time: a fold that copied the journey at every step would copy millions of keys here.
      const record = await copiedWhile(() => api.as(OWNER).get(path).expect(200));
      expect(record.result.body.journeys).toEqual([expect.objectContaining({ journeyId, status: 'open' })]);
      expect(record.copied).toBeLessThan(STEPS * 40);
      const timeline = await copiedWhile(() => api.as(OWNER).get(`${path}/journeys/${journeyId}/timeline`).expect(200));
      expect(timeline.result.body).toHaveLength(STEPS + 1);
      expect(timeline.copied).toBeLessThan(STEPS * 40);
    });
  });

  describe('When the participant’s key is destroyed (gallring)', () => {
    it('shows the personal data as erased, and the rest of the record and the timeline unchanged', async () => {
      const timeline = `${participant}/journeys/${firstJourney}/timeline`;
      const before = await read(OWNER).expect(200);
      const timelineBefore = await api.as(OWNER).get(timeline).expect(200);

      await api.app.get<KeyVault>(KEY_VAULT).destroyKey(participantId, 'gallring SoL 12:1');

      const after = await read(OWNER).expect(200);
      expect(after.body).toEqual({ ...before.body, personal: { status: 'erased' } });
      expect(after.headers.etag).toBe(before.headers.etag);
      expect((await api.as(OWNER).get(timeline).expect(200)).body).toEqual(timelineBefore.body);
    });
  });
});
