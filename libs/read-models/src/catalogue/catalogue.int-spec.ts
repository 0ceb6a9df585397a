import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { organisationStreamName, trackStreamName } from '@samspar/journeys';
import { expectProblem } from '@samspar/journeys/testing';
import { startReportsApi } from '../testing/reports-app';

type ReportsApi = Awaited<ReturnType<typeof startReportsApi>>;

const principal = (userId: string, role: Principal['role'], organisationIds: string[]): Principal => ({
  userId,
  role,
  organisationIds,
  permissions: [],
});
// Ids in sort order, so that organisations with the same name page in a known order.
const ids = Array.from({ length: 6 }, () => randomUUID()).sort();
const [ESKILSTUNA, STRANGNAS, KATRINEHOLM, VUX, OWNER, EMPLOYER] = ids as [string, string, string, string, string, string];
const CASEWORKER = principal('cw.lista', 'caseworker', [ESKILSTUNA]);
const EVALUATOR = principal('ev.lista', 'evaluator', [STRANGNAS]);
const ADMIN = principal('ad.lista', 'admin', [OWNER]);
const TRACK = randomUUID();
const RETIRED = randomUUID();

const SETUP_TIMEOUT_MS = 120_000;

describe('The catalogue over HTTP', () => {
  let api: ReportsApi;

  const organisation = (organisationId: string, name: string, kind: string, municipalityCode: string) =>
    api.seed(organisationStreamName(organisationId), [
      { type: 'OrganisationRegistered', data: { organisationId, name, kind, municipalityCode, referralDeadlineDays: 30 } },
    ]);

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(CASEWORKER, EVALUATOR, ADMIN);
    await organisation(ESKILSTUNA, 'Arbetsmarknadsenheten Eskilstuna', 'labour_market_unit', '0484');
    await organisation(STRANGNAS, 'Arbetsmarknadsenheten Strängnäs', 'labour_market_unit', '0486');
    await organisation(KATRINEHOLM, 'Socialtjänsten Katrineholm', 'social_services', '0483');
    await organisation(VUX, 'Vuxenutbildningen Eskilstuna', 'adult_education', '0484');
    await organisation(OWNER, 'Samordningsförbundet 100%_test', 'labour_market_unit', '0484');
    await api.seed(organisationStreamName(EMPLOYER), [
      {
        type: 'OrganisationRegistered',
        data: {
          organisationId: EMPLOYER,
          name: 'Arbetsgivaren',
          kind: 'employer',
          municipalityCode: '0484',
          referralDeadlineDays: 14,
        },
      },
      { type: 'UnitAdded', data: { unitId: 'norr', name: 'Enhet Norr' } },
      { type: 'UnitAdded', data: { unitId: 'syd', name: 'Enhet Syd' } },
    ]);
    await api.seed(trackStreamName(TRACK), [
      {
        type: 'TrackDefined',
        data: {
          trackId: TRACK,
          name: 'Jobbspår lager',
          kind: 'job_track',
          ownerOrganisationId: OWNER,
          employerOrganisationIds: [],
        },
      },
      { type: 'TrackRevised', data: { name: 'Jobbspår lager och logistik' } },
      { type: 'TrackRevised', data: { employerOrganisationIds: [EMPLOYER], occupation: '9331' } },
    ]);
    await api.seed(trackStreamName(RETIRED), [
      {
        type: 'TrackDefined',
        data: {
          trackId: RETIRED,
          name: 'Förberedande',
          kind: 'preparatory',
          ownerOrganisationId: ESKILSTUNA,
          employerOrganisationIds: [],
        },
      },
      { type: 'TrackRetired', data: { reason: 'funding_ended' } },
    ]);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('finds an organisation just registered, with its units, for every signed-in role', async () => {
    for (const who of [CASEWORKER, EVALUATOR, ADMIN]) {
      const response = await api.as(who).get(`/api/v1/organisations/${EMPLOYER}`).expect(200);
      expect(response.body).toEqual({
        organisationId: EMPLOYER,
        name: 'Arbetsgivaren',
        kind: 'employer',
        municipalityCode: '0484',
        referralDeadlineDays: 14,
        registeredAt: '2024-01-02T08:00:00.000Z',
        units: [
          { unitId: 'norr', name: 'Enhet Norr' },
          { unitId: 'syd', name: 'Enhet Syd' },
        ],
      });
    }
  });

  it('filters organisations by part of the name in any case, kind and municipality', async () => {
    const names = async (query: string) =>
      ((await api.as(CASEWORKER).get(`/api/v1/organisations?${query}`).expect(200)).body.items as { name: string }[]).map(
        (each) => each.name,
      );
    expect(await names('name=ARBETSMARKNADSENHETEN')).toEqual([
      'Arbetsmarknadsenheten Eskilstuna',
      'Arbetsmarknadsenheten Strängnäs',
    ]);
    expect(await names('name=eskilstuna&kind=adult_education')).toEqual(['Vuxenutbildningen Eskilstuna']);
    expect(await names('municipality=0483')).toEqual(['Socialtjänsten Katrineholm']);
    // % and _ are letters in a name, not wildcards.
    expect(await names('name=100%25_')).toEqual(['Samordningsförbundet 100%_test']);
    expect(await names('name=%25test')).toEqual([]);
    expect(await names('name=1_0')).toEqual([]);
  });

  it('pages with a cursor that stays put when organisations are added before and after it', async () => {
    const first = await api.as(CASEWORKER).get('/api/v1/organisations?limit=2').expect(200);
    expect(first.body.items.map((each: { name: string }) => each.name)).toEqual([
      'Arbetsgivaren',
      'Arbetsmarknadsenheten Eskilstuna',
    ]);
    expect(first.body.next).toEqual(expect.any(String));
    // One sorts before the cursor, one after: the next page shows the later one and repeats nothing.
    const before = randomUUID();
    const after = randomUUID();
    await organisation(before, 'Aaa Först', 'region_health', '0484');
    await organisation(after, 'Arbetsmarknadsenheten Flen', 'labour_market_unit', '0482');
    await api.as(CASEWORKER).get(`/api/v1/organisations/${after}`).expect(200);
    const second = await api.as(CASEWORKER).get(`/api/v1/organisations?limit=2&cursor=${first.body.next}`).expect(200);
    expect(second.body.items.map((each: { name: string }) => each.name)).toEqual([
      'Arbetsmarknadsenheten Flen',
      'Arbetsmarknadsenheten Strängnäs',
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { organisationId: string }[]; next: string | null } } = await api
        .as(CASEWORKER)
        .get(`/api/v1/organisations?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.items.map((each) => each.organisationId));
      cursor = page.body.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...ids, before, after]));
  });

  it('lists tracks by owner, kind and whether they are active, and shows a track with its revisions', async () => {
    const tracks = async (query: string) =>
      ((await api.as(EVALUATOR).get(`/api/v1/tracks?${query}`).expect(200)).body.items as { trackId: string }[]).map(
        (each) => each.trackId,
      );
    expect(await tracks(`ownerOrganisationId=${OWNER}`)).toEqual([TRACK]);
    expect(await tracks('kind=preparatory&active=false')).toEqual([RETIRED]);
    expect(await tracks(`ownerOrganisationId=${ESKILSTUNA}&active=true`)).toEqual([]);
    const response = await api.as(EVALUATOR).get(`/api/v1/tracks/${TRACK}`).expect(200);
    expect(response.body).toEqual({
      trackId: TRACK,
      name: 'Jobbspår lager och logistik',
      kind: 'job_track',
      ownerOrganisationId: OWNER,
      employerOrganisationIds: [EMPLOYER],
      occupation: '9331',
      active: true,
      definedAt: '2024-01-02T08:00:00.000Z',
      revisions: [
        {
          revision: 1,
          revisedAt: expect.any(String),
          name: 'Jobbspår lager och logistik',
          employerOrganisationIds: null,
          occupation: null,
        },
        { revision: 2, revisedAt: expect.any(String), name: null, employerOrganisationIds: [EMPLOYER], occupation: '9331' },
      ],
    });
  });

  it('answers 404 problem+json for unknown ids', async () => {
    expectProblem(await api.as(CASEWORKER).get(`/api/v1/organisations/${randomUUID()}`), 404, 'organisation-not-found');
    expectProblem(await api.as(CASEWORKER).get(`/api/v1/tracks/${randomUUID()}`), 404, 'track-not-found');
  });

  it('answers 400 naming the field for bad filters and cursors', async () => {
    for (const [path, field] of [
      ['/api/v1/organisations?kind=bank', 'kind'],
      ['/api/v1/organisations?municipality=484', 'municipality'],
      ['/api/v1/organisations?limit=0', 'limit'],
      ['/api/v1/organisations?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/api/v1/organisations?colour=blue', 'colour'],
      ['/api/v1/tracks?active=yes', 'active'],
      ['/api/v1/tracks?ownerOrganisationId=nobody', 'ownerOrganisationId'],
      // A cursor of another list is refused too.
      [`/api/v1/tracks?cursor=${Buffer.from(JSON.stringify(['organisations', 'A', ids[0]])).toString('base64url')}`, 'cursor'],
    ] as const) {
      const response = await api.as(CASEWORKER).get(path);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });
});
