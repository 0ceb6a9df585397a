import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { PSEUDONYMISER, Pseudonymiser, composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import { organisationRegistered, trackDefined } from '@samspar/journeys/testing';
import { organisationStreamName } from '@samspar/journeys';
import { JourneysApi, expectProblem, startJourneysApi } from '@samspar/journeys/testing';
import { trackStreamName } from '@samspar/journeys';
import { ExportOptions, exportEvents } from './export-stream';
import { ExportRecord } from './pseudonymised-event';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { EvaluationModule } from '../evaluation.module';

const SOCIAL_SERVICES = randomUUID();
const LABOUR_MARKET_UNIT = randomUUID();
const TRACK = randomUUID();

const CASEWORKER: Principal = {
  userId: 'anna.caseworker',
  role: 'caseworker',
  organisationIds: [SOCIAL_SERVICES],
  permissions: [],
};
const EVALUATOR: Principal = {
  userId: 'eva.evaluator',
  role: 'evaluator',
  organisationIds: [SOCIAL_SERVICES, LABOUR_MARKET_UNIT],
  permissions: [],
};
const ADMIN: Principal = { userId: 'ali.admin', role: 'admin', organisationIds: [SOCIAL_SERVICES], permissions: [] };

/** People with a personnummer and a name that no export may carry, in any spelling. */
const people = [
  {
    participantId: randomUUID(),
    personnummer: composePersonnummer('1987-05-14', 312),
    firstName: 'Liisa-Maria',
    lastName: 'Haddad',
  },
  { participantId: randomUUID(), personnummer: composePersonnummer('1990-01-01', 238), firstName: 'Zlatana', lastName: 'Öberg' },
  {
    participantId: randomUUID(),
    personnummer: composePersonnummer('1979-03-08', 441, 'samordningsnummer'),
    firstName: 'Mohammed',
    lastName: 'Karlsson Nyström',
  },
];
const anonymousId = randomUUID();
const PHONE = '070-765 43 21';
const EMAIL = 'liisa.haddad@example.se';

/** Every way a personnummer is written: 12 digits, with a dash, and the short forms. */
const spellings = (personnummer: string): string[] => {
  const short = personnummer.slice(2);
  return [
    personnummer,
    formatPersonnummer(personnummer),
    short,
    `${short.slice(0, 6)}-${short.slice(6)}`,
    `${short.slice(0, 6)}+${short.slice(6)}`,
  ];
};
const forbidden = people.flatMap((person) => [...spellings(person.personnummer), person.firstName, person.lastName]);

const PSEUDONYM = /\b[0-9a-f]{32}\b/g;
const pseudonymsIn = (text: string): Set<string> => new Set(text.match(PSEUDONYM));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let all = '';
  for await (const chunk of stream) all += String(chunk);
  return all;
}

describe('The pseudonymised export, on a real store', () => {
  let api: JourneysApi;
  const keyA = new Pseudonymiser(randomBytes(32));
  const keyB = new Pseudonymiser(randomBytes(32));
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  const exported = (options: Partial<ExportOptions> & { key?: Pseudonymiser } = {}) => {
    const key = options.key ?? keyA;
    return text(exportEvents(api.store, { format: 'ndjson', ...options, pseudonym: (id) => key.pseudonym(id) }));
  };
  const records = (ndjson: string): ExportRecord[] =>
    ndjson
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as ExportRecord);

  beforeAll(async () => {
    api = await startJourneysApi({ imports: () => [EvaluationModule] });
    await api.signIn(CASEWORKER, EVALUATOR, ADMIN);
    await api.seed(organisationStreamName(SOCIAL_SERVICES), [
      organisationRegistered.example({ organisationId: SOCIAL_SERVICES, name: 'Socialtjänsten', kind: 'social_services' }),
    ]);
    await api.seed(organisationStreamName(LABOUR_MARKET_UNIT), [
      organisationRegistered.example({ organisationId: LABOUR_MARKET_UNIT, referralDeadlineDays: 14 }),
    ]);
    await api.seed(trackStreamName(TRACK), [
      trackDefined.preparatory({ trackId: TRACK, ownerOrganisationId: LABOUR_MARKET_UNIT }),
    ]);

    for (const [index, person] of people.entries()) {
      await api
        .as(CASEWORKER)
        .post('/api/v1/participants')
        .send({
          participantId: person.participantId,
          personnummer: index === 0 ? formatPersonnummer(person.personnummer) : person.personnummer,
          firstName: person.firstName,
          lastName: person.lastName,
          ...(index === 0 ? { phone: PHONE, email: EMAIL } : {}),
          gender: 'kvinna',
          newlyArrived: index === 2,
          educationBand: 'isced_3_4',
          homeMunicipality: '0484',
        })
        .expect(201);
    }
    await api
      .as(CASEWORKER)
      .post('/api/v1/participants')
      .send({
        participantId: anonymousId,
        anonymous: true,
        anonymousReason: 'no_consent',
        gender: 'man',
        birthYear: 1985,
        newlyArrived: false,
        educationBand: 'unknown',
      })
      .expect(201);
    const first = people[0]!;
    // Free text a caseworker might type, with the person's name in it.
    await api
      .as(CASEWORKER)
      .post(`/api/v1/participants/${first.participantId}/consents`)
      .send({
        consentId: randomUUID(),
        organisationIds: [LABOUR_MARKET_UNIT],
        purpose: `samverkan ${first.firstName}`,
        validFrom: today,
      })
      .expect(201);
    await api
      .as(CASEWORKER)
      .post(`/api/v1/participants/${first.participantId}/referrals`)
      .send({
        referralId: randomUUID(),
        toOrganisationId: LABOUR_MARKET_UNIT,
        reason: 'work_preparation',
        suggestedTrackId: TRACK,
      })
      .expect(201);
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  describe('When the whole log is exported', () => {
    it('holds every participant as a pseudonym, and neither their personnummer, in any spelling, nor their names', async () => {
      for (const format of ['ndjson', 'csv'] as const) {
        const output = await exported({ format });
        for (const value of [...forbidden, PHONE, EMAIL, CASEWORKER.userId]) expect(output).not.toContain(value);
        // Nothing shaped like a personnummer outside the hex of a pseudonym, whatever its check digit.
        expect(output).not.toMatch(/(?<![0-9a-f])(\d{12}|\d{10}|\d{8}-\d{4}|\d{6}[-+]\d{4})(?![0-9a-f])/);
        for (const id of [...people.map((person) => person.participantId), anonymousId]) {
          expect(output).not.toContain(id);
          expect(output).toContain(keyA.pseudonym(id));
        }
      }
    });

    it('registers each participant once, with the statistical attributes only', async () => {
      const registered = records(await exported({ types: ['ParticipantRegistered'] }));
      expect(registered.map((record) => record.participant).sort()).toEqual(
        [...people.map((person) => person.participantId), anonymousId].map((id) => keyA.pseudonym(id)).sort(),
      );
      expect(registered.find((record) => record.participant === keyA.pseudonym(people[0]!.participantId))?.data).toEqual({
        organisationId: SOCIAL_SERVICES,
        identity: 'identified',
        protectedIdentity: false,
        gender: 'kvinna',
        birthYear: 1987,
        newlyArrived: false,
        educationBand: 'isced_3_4',
        homeMunicipality: '0484',
      });
    });

    it('gives the same pseudonyms with the same key, and none in common with another key', async () => {
      const [once, again, other] = await Promise.all([exported(), exported(), exported({ key: keyB })]);
      expect(again).toBe(once);
      const underA = pseudonymsIn(once);
      const underB = pseudonymsIn(other);
      expect(underA.size).toBeGreaterThan(people.length);
      expect(underB.size).toBe(underA.size);
      expect([...underA].filter((pseudonym) => underB.has(pseudonym))).toEqual([]);
    });

    it('writes CSV with a header and one row per record', async () => {
      const [csv, ndjson] = await Promise.all([exported({ format: 'csv' }), exported()]);
      const rows = csv.split('\r\n').filter((row) => row.length > 0);
      expect(rows[0]).toBe('event,type,participant,occurredAt,recordedAt,role,organisationId,data');
      expect(rows.length - 1).toBe(records(ndjson).length);
    });
  });

  describe('When the export is filtered', () => {
    it('keeps only events that happened in the period [from, to)', async () => {
      const inPeriod = records(await exported({ from: today, to: tomorrow }));
      // The catalogue was seeded as of 2024; the participants were registered today.
      expect(inPeriod.length).toBeGreaterThan(0);
      expect(inPeriod.every((record) => record.occurredAt.startsWith(today))).toBe(true);
      expect(records(await exported({ from: '2024-01-01', to: '2024-02-01' })).map((record) => record.type)).toEqual([
        'OrganisationRegistered',
        'OrganisationRegistered',
        'TrackDefined',
      ]);
      expect(await exported({ from: tomorrow, format: 'csv' })).toBe(
        'event,type,participant,occurredAt,recordedAt,role,organisationId,data\r\n',
      );
    });

    it('keeps only the category, the type and the events that involve the organisation', async () => {
      expect(new Set(records(await exported({ categories: ['track'] })).map((record) => record.type))).toEqual(
        new Set(['TrackDefined']),
      );
      const ofUnit = records(await exported({ organisationId: LABOUR_MARKET_UNIT }));
      expect(ofUnit.map((record) => record.type).sort()).toEqual([
        'ConsentRecorded',
        'OrganisationRegistered',
        'ParticipantReferred',
        'TrackDefined',
      ]);
    });
  });

  describe('When an evaluator downloads the log over HTTP', () => {
    const download = (principal: Principal, query: string) =>
      api
        .as(principal)
        .get(`/api/v1/evaluation/events${query}`)
        .buffer(true)
        .parse((response, done) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => done(null, body));
        });

    it('streams NDJSON as an attachment, with the server’s pseudonyms', async () => {
      const response = await download(EVALUATOR, `?from=${today}&to=${tomorrow}&category=participant`).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="samspar-events_${today}_${tomorrow}.ndjson"`);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.body as string;
      for (const value of forbidden) expect(body).not.toContain(value);
      const server = api.app.get<Pseudonymiser>(PSEUDONYMISER);
      const participants = new Set(records(body).map((record) => record.participant));
      expect(participants).toEqual(
        new Set([...people.map((person) => person.participantId), anonymousId].map((id) => server.pseudonym(id))),
      );
    });

    it('gives an admin CSV', async () => {
      const response = await download(ADMIN, '?format=csv&type=ParticipantReferred').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect((response.body as string).split('\r\n').filter((row) => row.length > 0)).toHaveLength(2);
    });

    it('refuses a caseworker with 403', async () => {
      expectProblem(await api.as(CASEWORKER).get('/api/v1/evaluation/events'), 403, 'role-not-allowed');
    });

    it.each([
      ['a from that is no date', '?from=2026-13-01', 'from'],
      ['a period that ends before it starts', '?from=2026-02-01&to=2026-01-01', 'from'],
      ['an unknown type', '?type=PersonRenamed', 'type'],
      ['an unknown format', '?format=xlsx', 'format'],
    ])('refuses %s with 400 naming the field', async (_case, query, field) => {
      const response = await api.as(EVALUATOR).get(`/api/v1/evaluation/events${query}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });
});
