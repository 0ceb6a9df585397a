import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Principal } from '@samspar/access';
import { isGlobalPosition } from '@samspar/kernel';
import { organisationStreamName } from './organisation';
import { JourneysApi, PROBLEM_JSON, expectProblem, problemType, startJourneysApi } from './testing';
import { trackStreamName } from './track';
import { DEFAULT_REFERRAL_DEADLINE_DAYS } from './vocabulary';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const ADMIN: Principal = { userId: 'admin-1', role: 'admin', organisationIds: [], permissions: ['system_admin'] };
const CASEWORKER: Principal = { userId: 'anna.berg', role: 'caseworker', organisationIds: [randomUUID()], permissions: [] };
const MANAGER: Principal = { userId: 'maria.sten', role: 'manager', organisationIds: [randomUUID()], permissions: [] };

// The DUA cooperation in Eskilstuna: the labour-market unit runs a jobbspår with two care employers.
const AME = randomUUID();
const EMPLOYER = randomUUID();
const OTHER_EMPLOYER = randomUUID();
const UNIT = randomUUID();
const JOB_TRACK = randomUUID();

/** Admins of one organisation each, without system_admin: they keep their own entries only. */
const AME_ADMIN: Principal = { userId: 'ame.admin', role: 'admin', organisationIds: [AME], permissions: [] };
const EMPLOYER_ADMIN: Principal = { userId: 'employer.admin', role: 'admin', organisationIds: [EMPLOYER], permissions: [] };

const ame = {
  organisationId: AME,
  name: 'Arbetsmarknadsenheten, Eskilstuna kommun',
  kind: 'labour_market_unit',
  municipalityCode: '0484',
};
const jobTrack = {
  trackId: JOB_TRACK,
  name: 'Jobbspår vård och omsorg',
  kind: 'job_track',
  ownerOrganisationId: AME,
  employerOrganisationIds: [EMPLOYER],
  occupation: '5321',
};

describe('The catalogue over HTTP, on a real store', () => {
  let api: JourneysApi;
  const admin = () => api.as(ADMIN);
  const types = async (streamId: string) => (await api.readStream(streamId)).map((event) => event.type);
  const tracks = '/api/v1/tracks';
  const units = `/api/v1/organisations/${AME}/units`;
  const revisions = `${tracks}/${JOB_TRACK}/revisions`;
  const retirement = `${tracks}/${JOB_TRACK}/retirement`;

  beforeAll(async () => {
    api = await startJourneysApi();
    await api.signIn(ADMIN, CASEWORKER, MANAGER, AME_ADMIN, EMPLOYER_ADMIN);
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  /**
   * A successful command answers with the aggregate's id, revision, position and event ids, also as headers, and
   * what it created: an organisation, a unit or a track.
   */
  function expectCommandResult(
    response: Response,
    id: string,
    revision: number,
    created?: { kind: 'organisation' | 'unit' | 'track'; id: string },
  ): void {
    expect(response.body).toEqual({
      id,
      revision,
      position: expect.any(String),
      eventIds: [expect.any(String)],
      ...(created ? { created } : {}),
    });
    expect(isGlobalPosition(response.body.position)).toBe(true);
    expect(response.headers.etag).toBe(`"${revision}"`);
    expect(response.headers['x-global-position']).toBe(response.body.position);
  }

  describe('When an admin registers organisations', () => {
    it('registers one with 201 and the command result, the referral deadline defaulted', async () => {
      const response = await admin().post('/api/v1/organisations').send(ame).expect(201);
      expectCommandResult(response, AME, 0, { kind: 'organisation', id: AME });
      const [registered] = await api.readStream(organisationStreamName(AME));
      expect(registered).toMatchObject({
        type: 'OrganisationRegistered',
        data: { ...ame, referralDeadlineDays: DEFAULT_REFERRAL_DEADLINE_DAYS },
        metadata: { actor: { userId: ADMIN.userId, role: 'admin' } },
      });
    });

    it('registers a request repeated with the same Idempotency-Key once, replaying the first answer', async () => {
      const key = randomUUID();
      const body = {
        organisationId: EMPLOYER,
        name: 'Vård och omsorg, Eskilstuna kommun',
        kind: 'employer',
        municipalityCode: '0484',
      };
      const first = await admin().post('/api/v1/organisations').set('Idempotency-Key', key).send(body).expect(201);
      expectCommandResult(first, EMPLOYER, 0, { kind: 'organisation', id: EMPLOYER });
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const repeat = await admin().post('/api/v1/organisations').set('Idempotency-Key', key).send(body).expect(201);
      expect(repeat.body).toEqual(first.body);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.headers.etag).toBe(first.headers.etag);
      expect(await types(organisationStreamName(EMPLOYER))).toEqual(['OrganisationRegistered']);

      const reused = await admin()
        .post('/api/v1/organisations')
        .set('Idempotency-Key', key)
        .send({ ...body, name: 'Ett annat namn' });
      expectProblem(reused, 422, 'idempotency-key-reused');
    });

    it('takes an id written in capitals as the same organisation, as sign-in lower-cases it', async () => {
      const organisationId = randomUUID();
      const body = {
        organisationId: organisationId.toUpperCase(),
        name: 'Komvux, Strängnäs kommun',
        kind: 'adult_education',
        municipalityCode: '0486',
      };
      expectCommandResult(await admin().post('/api/v1/organisations').send(body).expect(201), organisationId, 0, {
        kind: 'organisation',
        id: organisationId,
      });
      expectProblem(
        await admin()
          .post('/api/v1/organisations')
          .send({ ...body, organisationId }),
        409,
        'organisation-exists',
      );
      const unitId = randomUUID();
      const unit = await admin().post(`/api/v1/organisations/${organisationId}/units`).send({ unitId, name: 'SFI' });
      expectCommandResult(unit, organisationId, 1, { kind: 'unit', id: unitId });
    });

    it('refuses to register the same organisation twice with 409', async () => {
      expectProblem(await admin().post('/api/v1/organisations').send(ame), 409, 'organisation-exists');
    });

    it('refuses a malformed body with 400, naming each field and the rule it breaks, and records nothing', async () => {
      const organisationId = randomUUID();
      const response = await admin()
        .post('/api/v1/organisations')
        .send({ ...ame, organisationId, colour: 'blue', municipalityCode: 484, referralDeadlineDays: 'thirty', kind: 'bank' });
      expectProblem(response, 400, 'invalid-request');
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'colour', rule: 'unknown-field' }),
          expect.objectContaining({ field: 'municipalityCode', rule: 'is-string' }),
          expect.objectContaining({ field: 'referralDeadlineDays', rule: 'is-int' }),
          expect.objectContaining({ field: 'kind', rule: 'is-in' }),
        ]),
      );
      expect(response.body.errors.map((error: { field: string }) => error.field)).not.toContain('name');
      expect(await types(organisationStreamName(organisationId))).toEqual([]);
    });

    it('refuses a body that is not JSON with 400 problem+json', async () => {
      const response = await admin().post('/api/v1/organisations').set('Content-Type', 'application/json').send('{"name":');
      expectProblem(response, 400, 'malformed-json');
    });

    it('lets the decider refuse what the request shape allows: a blank name', async () => {
      const response = await admin()
        .post('/api/v1/organisations')
        .send({ ...ame, organisationId: randomUUID(), name: '   ' });
      expectProblem(response, 400, 'name-length');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'name-length' })]);
    });
  });

  describe('When an admin adds units', () => {
    it('adds a unit with 201, the organisation at its next revision', async () => {
      expectCommandResult(await admin().post(units).send({ unitId: UNIT, name: 'Jobbtorget' }).expect(201), AME, 1, {
        kind: 'unit',
        id: UNIT,
      });
    });

    it('refuses a name the organisation already has, whatever its case and spacing, with 409', async () => {
      const response = await admin().post(units).send({ unitId: randomUUID(), name: ' jobbtorget ' });
      expectProblem(response, 409, 'unit-name-taken');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'unit-name-taken' })]);
    });

    it('refuses a stale If-Match with 412 and takes the current one', async () => {
      const body = { unitId: randomUUID(), name: 'Ungdomstorget' };
      expectProblem(await admin().post(units).set('If-Match', '"0"').send(body), 412, 'revision-mismatch');
      expectCommandResult(await admin().post(units).set('If-Match', '"1"').send(body).expect(201), AME, 2, {
        kind: 'unit',
        id: body.unitId,
      });
    });

    it('answers 404 for an organisation the catalogue does not know', async () => {
      const response = await admin()
        .post(`/api/v1/organisations/${randomUUID()}/units`)
        .send({ unitId: randomUUID(), name: 'Jobbtorget' });
      expectProblem(response, 404, 'organisation-not-found');
    });
  });

  describe('When an admin defines a track', () => {
    it('refuses a job track without employers, or without an occupation, with 400 and the rule', async () => {
      const { employerOrganisationIds: _employers, ...noEmployers } = jobTrack;
      const withoutEmployers = await admin().post(tracks).send(noEmployers);
      expectProblem(withoutEmployers, 400, 'job-track-needs-employer');
      expect(withoutEmployers.body.errors).toEqual([
        expect.objectContaining({ field: 'employerOrganisationIds', rule: 'job-track-needs-employer' }),
      ]);

      const { occupation: _occupation, ...noOccupation } = jobTrack;
      const withoutOccupation = await admin().post(tracks).send(noOccupation);
      expectProblem(withoutOccupation, 400, 'job-track-needs-occupation');
      expect(withoutOccupation.body.errors).toEqual([expect.objectContaining({ field: 'occupation' })]);
    });

    it('refuses employers on a track that is not a job track', async () => {
      const response = await admin()
        .post(tracks)
        .send({ ...jobTrack, trackId: randomUUID(), kind: 'preparatory', occupation: undefined });
      expectProblem(response, 400, 'employers-only-for-job-tracks');
    });

    it('answers 404 naming the field of each organisation the catalogue does not know', async () => {
      const unknownEmployer = await admin()
        .post(tracks)
        .send({ ...jobTrack, employerOrganisationIds: [randomUUID()] });
      expectProblem(unknownEmployer, 404, 'organisation-not-found');
      expect(unknownEmployer.body.errors).toEqual([
        expect.objectContaining({ field: 'employerOrganisationIds[0]', rule: 'organisation-not-found' }),
      ]);

      const secondUnknown = await admin()
        .post(tracks)
        .send({ ...jobTrack, employerOrganisationIds: [EMPLOYER, randomUUID()] });
      expect(secondUnknown.body.errors).toEqual([expect.objectContaining({ field: 'employerOrganisationIds[1]' })]);

      const unknownOwner = await admin()
        .post(tracks)
        .send({ ...jobTrack, ownerOrganisationId: randomUUID() });
      expectProblem(unknownOwner, 404, 'organisation-not-found');
      expect(unknownOwner.body.errors).toEqual([expect.objectContaining({ field: 'ownerOrganisationId' })]);
      expect(await types(trackStreamName(JOB_TRACK))).toEqual([]);
    });

    it('defines the job track with 201', async () => {
      expectCommandResult(await admin().post(tracks).send(jobTrack).expect(201), JOB_TRACK, 0, {
        kind: 'track',
        id: JOB_TRACK,
      });
      const [defined] = await api.readStream(trackStreamName(JOB_TRACK));
      expect(defined).toMatchObject({ type: 'TrackDefined', data: jobTrack });
    });
  });

  describe('When an admin revises the track', () => {
    it('refuses a revision that names nothing with 400, and one that changes nothing with 409', async () => {
      expectProblem(await admin().post(revisions).send({}), 400, 'nothing-to-revise');
      expectProblem(await admin().post(revisions).send({ name: jobTrack.name, occupation: '5321' }), 409, 'nothing-to-revise');
    });

    it('refuses to leave a job track without employers', async () => {
      const response = await admin().post(revisions).send({ employerOrganisationIds: [] });
      expectProblem(response, 400, 'job-track-needs-employer');
    });

    it('answers 404 naming an employer the catalogue does not know', async () => {
      const response = await admin()
        .post(revisions)
        .send({ employerOrganisationIds: [randomUUID()] });
      expectProblem(response, 404, 'organisation-not-found');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'employerOrganisationIds[0]' })]);
    });

    it('answers 404 for a track never defined', async () => {
      expectProblem(await admin().post(`${tracks}/${randomUUID()}/revisions`).send({ name: 'X' }), 404, 'track-not-found');
    });

    it('revises with the current If-Match, recording only what changed', async () => {
      await admin()
        .post('/api/v1/organisations')
        .send({ organisationId: OTHER_EMPLOYER, name: 'Mälarhemmet AB', kind: 'employer', municipalityCode: '0484' })
        .expect(201);
      const response = await admin()
        .post(revisions)
        .set('If-Match', '"0"')
        .send({ name: 'Jobbspår äldreomsorg', employerOrganisationIds: [EMPLOYER, OTHER_EMPLOYER], occupation: '5321' })
        .expect(200);
      expectCommandResult(response, JOB_TRACK, 1);
      expect((await api.readStream(trackStreamName(JOB_TRACK))).at(-1)).toMatchObject({
        type: 'TrackRevised',
        data: { name: 'Jobbspår äldreomsorg', employerOrganisationIds: [EMPLOYER, OTHER_EMPLOYER] },
      });
      expect((await api.readStream(trackStreamName(JOB_TRACK))).at(-1)?.data).not.toHaveProperty('occupation');
    });

    it('refuses the If-Match it revised from, now stale, with 412', async () => {
      const response = await admin().post(revisions).set('If-Match', '"0"').send({ name: 'Jobbspår hemtjänst' });
      expectProblem(response, 412, 'revision-mismatch');
    });
  });

  describe('When an admin retires the track', () => {
    it('refuses a reason in free text, which could hold personal data', async () => {
      const response = await admin().post(retirement).send({ reason: 'Pengarna tog slut' });
      expectProblem(response, 400, 'invalid-request');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'matches' })]);
    });

    it('retires it with 200', async () => {
      // In capitals: the same track.
      const response = await admin()
        .post(`${tracks}/${JOB_TRACK.toUpperCase()}/retirement`)
        .set('If-Match', '"1"')
        .send({ reason: 'funding_ended' })
        .expect(200);
      expectCommandResult(response, JOB_TRACK, 2);
      expect((await api.readStream(trackStreamName(JOB_TRACK))).at(-1)).toMatchObject({
        type: 'TrackRetired',
        data: { reason: 'funding_ended' },
      });
    });

    it('refuses to retire or revise it again with 409', async () => {
      expectProblem(await admin().post(retirement).send({}), 409, 'track-retired');
      expectProblem(await admin().post(revisions).send({ name: 'Jobbspår 2027' }), 409, 'track-retired');
    });
  });

  /** Every catalogue route, with a body that would pass validation, so that only the caller differs. */
  const catalogueRoutes = (): ReadonlyArray<readonly [string, object]> => [
    ['/api/v1/organisations', { ...ame, organisationId: randomUUID() }],
    [units, { unitId: randomUUID(), name: 'Navet' }],
    [tracks, { ...jobTrack, trackId: randomUUID() }],
    [revisions, { name: 'Jobbspår hemtjänst' }],
    [retirement, {}],
  ];

  describe("When an organisation's own admin keeps the catalogue", () => {
    it('adds units to and defines, revises and retires tracks of that organisation only', async () => {
      const track = randomUUID();
      const ownTrack = { ...jobTrack, trackId: track, name: 'Jobbspår lokalvård' };
      await api.as(AME_ADMIN).post(units).send({ unitId: randomUUID(), name: 'Stegvis' }).expect(201);
      await api.as(AME_ADMIN).post(tracks).send(ownTrack).expect(201);
      await api.as(AME_ADMIN).post(`${tracks}/${track}/revisions`).send({ name: 'Jobbspår städ' }).expect(200);

      const before = [await types(organisationStreamName(AME)), await types(trackStreamName(track))];
      expectProblem(
        await api.as(EMPLOYER_ADMIN).post(units).send({ unitId: randomUUID(), name: 'Inkräktaren' }),
        403,
        'not-record-owner',
      );
      expectProblem(await api.as(EMPLOYER_ADMIN).post(`${tracks}/${track}/retirement`).send({}), 403, 'not-record-owner');
      expectProblem(
        await api.as(EMPLOYER_ADMIN).post(`${tracks}/${track}/revisions`).send({ name: 'X' }),
        403,
        'not-record-owner',
      );
      expectProblem(
        await api
          .as(EMPLOYER_ADMIN)
          .post(tracks)
          .send({ ...jobTrack, trackId: randomUUID() }),
        403,
        'not-record-owner',
      );
      expect([await types(organisationStreamName(AME)), await types(trackStreamName(track))]).toEqual(before);

      await api.as(AME_ADMIN).post(`${tracks}/${track}/retirement`).send({}).expect(200);
    });

    it('refuses to register organisations, which only the system admin does', async () => {
      const organisationId = randomUUID();
      expectProblem(
        await api
          .as(AME_ADMIN)
          .post('/api/v1/organisations')
          .send({ ...ame, organisationId }),
        403,
        'system-admin-only',
      );
      expect(await types(organisationStreamName(organisationId))).toEqual([]);
    });
  });

  describe('When someone who is not an admin calls', () => {
    it('answers 403 to caseworkers and managers on every catalogue route, and records nothing', async () => {
      const before = [await types(organisationStreamName(AME)), await types(trackStreamName(JOB_TRACK))];
      for (const principal of [CASEWORKER, MANAGER]) {
        for (const [path, body] of catalogueRoutes()) {
          const response = await api.as(principal).post(path).send(body);
          expect({ role: principal.role, path, status: response.status }).toEqual({ role: principal.role, path, status: 403 });
          expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
          expect(response.body.type).toBe(problemType('role-not-allowed'));
        }
      }
      expect([await types(organisationStreamName(AME)), await types(trackStreamName(JOB_TRACK))]).toEqual(before);
    });

    it('answers 401 on every catalogue route without a token', async () => {
      for (const [path, body] of catalogueRoutes()) {
        expectProblem(await api.anonymous.post(path).send(body), 401, 'unauthenticated');
      }
    });
  });
});
