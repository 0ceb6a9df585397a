import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import { organisationStreamName, participantStreamName } from '@samspar/journeys';
import { KEY_VAULT, composePersonnummer, formatPersonnummer } from '@samspar/privacy';
import type { KeyVault } from '@samspar/privacy';
import { startReportsApi } from '../testing/reports-app';

type ReportsApi = Awaited<ReturnType<typeof startReportsApi>>;

const ORG_A = randomUUID();
const ORG_B = randomUUID();
const ORG_U = randomUUID();
const UNIT = randomUUID();
const ORG_W = randomUUID();
const principal = (userId: string, organisationIds: string[], more: Partial<Principal> = {}): Principal => ({
  userId,
  role: 'caseworker',
  organisationIds,
  permissions: [],
  ...more,
});
const ANNA = principal('anna.berg', [ORG_A], { displayName: 'Anna Berg', unitId: UNIT });
const OLLE = principal('olle.nyman', [ORG_A]);
const BO = principal('bo.lind', [ORG_B], { displayName: 'Bo Lind' });
const UNRELATED = principal('ulla.ek', [ORG_U]);
const WITHDRAWN = principal('wilma.ro', [ORG_W]);
const MANAGER_A = principal('maria.sten', [ORG_A], { role: 'manager' });
const TWO_ORGS = principal('tva.org', [ORG_A, ORG_B]);

const SETUP_TIMEOUT_MS = 180_000;
const today = () => new Date().toISOString().slice(0, 10);

interface Item {
  journeyId: string;
  participantId: string | null;
  participantName: string | null;
  nameState: string;
  shared: boolean;
  caseworkerName: string | null;
  idle: boolean;
  followUpsDue: number;
  href: string | null;
}
interface Task {
  kind: string;
  journeyId: string | null;
  referralId: string | null;
  enrolmentId: string | null;
  caseworkerName: string | null;
  href: string | null;
}

describe('Work lists over HTTP', () => {
  let api: ReportsApi;
  let position = '0:0';
  let serial = 0;
  const named = { participantId: randomUUID(), journeyId: randomUUID(), referralId: randomUUID() };
  const unshared = { participantId: randomUUID(), journeyId: randomUUID() };
  const erased = { participantId: randomUUID(), journeyId: randomUUID() };
  // Seeded as of 2024: idle for long, with a track that ended then, so every follow-up is due.
  const old = { participantId: randomUUID(), journeyId: randomUUID(), enrolmentId: randomUUID() };

  async function post(who: Principal, path: string, body: object): Promise<void> {
    const response = await api.as(who).post(path).send(body);
    if (response.status !== 201 && response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
    position = response.body.position ?? position;
  }

  async function register(who: Principal, participantId: string, firstName: string, lastName: string): Promise<void> {
    serial += 1;
    await post(who, '/api/v1/participants', {
      participantId,
      personnummer: formatPersonnummer(composePersonnummer('1984-05-06', 100 + serial)),
      firstName,
      lastName,
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    });
  }

  const list = async (who: Principal, query = '') =>
    (await api.as(who).get(`/api/v1/journeys?minPosition=${position}&${query}`).expect(200)).body as {
      items: Item[];
      next: string | null;
    };
  const tasks = async (who: Principal, query = '') =>
    (await api.as(who).get(`/api/v1/tasks?minPosition=${position}&${query}`).expect(200)).body as {
      items: Task[];
      next: string | null;
    };

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(ANNA, OLLE, BO, UNRELATED, WITHDRAWN, MANAGER_A, TWO_ORGS);
    for (const [organisationId, name] of [
      [ORG_A, 'Socialtjänsten'],
      [ORG_B, 'Arbetsmarknadsenheten'],
      [ORG_U, 'Vuxenutbildningen'],
      [ORG_W, 'Jobbcentrum'],
    ] as const) {
      await api.seed(organisationStreamName(organisationId), [
        {
          type: 'OrganisationRegistered',
          data: { organisationId, name, kind: 'labour_market_unit', municipalityCode: '0484', referralDeadlineDays: 30 },
        },
        { type: 'UnitAdded', data: { unitId: UNIT, name: 'Enhet Norr' } },
      ]);
    }
    // Shared with B by consent, assigned to Anna in her unit, referred to B.
    const p = `/api/v1/participants/${named.participantId}`;
    await register(ANNA, named.participantId, 'Karin', 'Ek');
    await post(ANNA, `${p}/consents`, {
      consentId: randomUUID(),
      organisationIds: [ORG_B],
      purpose: 'samverkan',
      validFrom: today(),
    });
    await post(ANNA, `${p}/journeys`, { journeyId: named.journeyId });
    await post(ANNA, `${p}/journeys/${named.journeyId}/caseworker`, { caseworkerId: 'anna.berg', unitId: UNIT });
    await post(ANNA, `${p}/referrals`, {
      referralId: named.referralId,
      toOrganisationId: ORG_B,
      reason: 'work_preparation',
      journeyId: named.journeyId,
    });
    // A's own, shared with nobody; Olle has no name claim.
    await register(OLLE, unshared.participantId, 'Nils', 'Holm');
    await post(OLLE, `/api/v1/participants/${unshared.participantId}/journeys`, { journeyId: unshared.journeyId });
    await post(OLLE, `/api/v1/participants/${unshared.participantId}/journeys/${unshared.journeyId}/caseworker`, {
      caseworkerId: 'olle.nyman',
    });
    // Gallrad: the key is destroyed, the journey stays.
    await register(ANNA, erased.participantId, 'Gull', 'Berg');
    await post(ANNA, `/api/v1/participants/${erased.participantId}/journeys`, { journeyId: erased.journeyId });
    await api.app.get<KeyVault>(KEY_VAULT).destroyKey(erased.participantId, 'gallring');
    await api.seed(participantStreamName(old.participantId), [
      {
        type: 'ParticipantRegistered',
        data: {
          participantId: old.participantId,
          organisationId: ORG_A,
          identity: { kind: 'anonymous', reason: 'no_consent' },
          attributes: { gender: 'man', birthYear: 1970, newlyArrived: false, educationBand: 'isced_0_2' },
          protectedIdentity: false,
        },
      },
      { type: 'JourneyOpened', data: { journeyId: old.journeyId, organisationId: ORG_A } },
      { type: 'CaseworkerAssigned', data: { journeyId: old.journeyId, caseworkerId: 'anna.berg', unitId: UNIT } },
      { type: 'TrackEnrolled', data: { journeyId: old.journeyId, enrolmentId: old.enrolmentId, trackId: randomUUID() } },
      { type: 'TrackEnrolmentEnded', data: { journeyId: old.journeyId, enrolmentId: old.enrolmentId } },
    ]);
    // Olle and Anna's names are kept when they call the api; the seeded events moved the log on.
    await api.as(OLLE).get('/api/v1/organisations').expect(200);
    position = await api.store.headPosition();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('lists my journeys with the participant’s name and the caseworker’s display name', async () => {
    const { items } = await list(ANNA, 'scope=mine&sort=openedAt');
    expect(items.map((each) => each.journeyId)).toEqual([old.journeyId, named.journeyId]);
    expect(items[1]).toMatchObject({
      participantId: named.participantId,
      participantName: 'Karin Ek',
      nameState: 'shown',
      shared: false,
      caseworkerName: 'Anna Berg',
      href: `/api/v1/participants/${named.participantId}/journeys/${named.journeyId}/timeline`,
    });
    expect(items[0]).toMatchObject({ participantName: null, nameState: 'anonymous', idle: true, followUpsDue: 3 });
  });

  it('falls back to the caseworker’s id when the sign-in gave no name, and shows an erased name as erased', async () => {
    const { items } = await list(OLLE, 'scope=organisation&status=open');
    const byId = new Map(items.map((each) => [each.journeyId, each]));
    expect(byId.get(unshared.journeyId)).toMatchObject({ participantName: 'Nils Holm', caseworkerName: 'olle.nyman' });
    expect(byId.get(erased.journeyId)).toMatchObject({ participantName: null, nameState: 'erased', caseworkerName: null });
    expect(items).toHaveLength(4);
  });

  it('narrows by unit, idle and follow-up due, and sorts newest first', async () => {
    expect((await list(ANNA, 'scope=unit')).items.map((each) => each.journeyId).sort()).toEqual(
      [old.journeyId, named.journeyId].sort(),
    );
    expect((await list(ANNA, 'scope=organisation&idle=true')).items.map((each) => each.journeyId)).toEqual([old.journeyId]);
    expect((await list(ANNA, 'scope=organisation&followUpDue=true')).items.map((each) => each.journeyId)).toEqual([
      old.journeyId,
    ]);
    expect((await list(ANNA, 'scope=organisation&status=closed')).items).toEqual([]);
    const newest = (await list(ANNA, 'scope=organisation&sort=-openedAt')).items.map((each) => each.journeyId);
    expect(newest[newest.length - 1]).toBe(old.journeyId);
    expect(newest[0]).toBe(erased.journeyId);
  });

  it('shows a journey shared by consent to the consented organisation, and nothing to an unrelated one', async () => {
    const shared = await list(BO, 'scope=organisation');
    expect(shared.items).toEqual([
      expect.objectContaining({
        journeyId: named.journeyId,
        shared: true,
        participantName: 'Karin Ek',
        caseworkerName: 'Anna Berg',
      }),
    ]);
    expect((await list(BO, 'scope=mine')).items).toEqual([]);
    expect((await list(UNRELATED, 'scope=organisation')).items).toEqual([]);
    expect((await tasks(UNRELATED)).items).toEqual([]);
  });

  it('lists what is due: follow-ups, idle journeys and referrals to answer, each with the path to act on', async () => {
    const mine = await tasks(ANNA, 'scope=mine');
    expect(mine.items.map((each) => each.kind)).toEqual(['idle_journey', 'follow_up_1m', 'follow_up_90d', 'follow_up_6m']);
    expect(mine.items[1]).toMatchObject({
      enrolmentId: old.enrolmentId,
      caseworkerName: 'Anna Berg',
      href: `/api/v1/participants/${old.participantId}/journeys/${old.journeyId}/statuses`,
    });
    expect((await tasks(OLLE, 'scope=mine')).items).toEqual([]);
    const received = await tasks(BO);
    expect(received.items).toEqual([
      expect.objectContaining({
        kind: 'referral_awaiting_answer',
        referralId: named.referralId,
        href: `/api/v1/referrals/${named.referralId}/acceptance`,
      }),
    ]);
    // The sender has nothing to answer.
    expect((await tasks(ANNA, 'kind=referral_awaiting_answer')).items).toEqual([]);
  });

  it('pages both lists with cursors that hold when journeys are added meanwhile', async () => {
    const first = await list(ANNA, 'scope=organisation&sort=openedAt&limit=2');
    expect(first.items.map((each) => each.journeyId)).toEqual([old.journeyId, named.journeyId]);
    const added = randomUUID();
    await register(ANNA, added, 'Ny', 'Person');
    await post(ANNA, `/api/v1/participants/${added}/journeys`, { journeyId: randomUUID() });
    const rest: Item[] = [];
    let cursor = first.next;
    while (cursor) {
      const page = await list(ANNA, `scope=organisation&sort=openedAt&limit=2&cursor=${cursor}`);
      rest.push(...page.items);
      cursor = page.next;
    }
    expect(rest.map((each) => each.journeyId).slice(0, 2)).toEqual([unshared.journeyId, erased.journeyId]);
    expect(rest).toHaveLength(3);
    const firstTasks = await tasks(ANNA, 'limit=3');
    const moreTasks = await tasks(ANNA, `limit=3&cursor=${firstTasks.next}`);
    expect([...firstTasks.items, ...moreTasks.items].map((each) => each.kind)).toEqual([
      'idle_journey',
      'follow_up_1m',
      'follow_up_90d',
      'follow_up_6m',
    ]);
    expect(moreTasks.next).toBeNull();
  });

  it('refuses bad filters and cursors with 400 naming the field, and a foreign X-Organisation-Id with 403', async () => {
    for (const [path, field] of [
      ['/api/v1/journeys?scope=everyone', 'scope'],
      ['/api/v1/journeys?status=pending', 'status'],
      ['/api/v1/journeys?idle=yes', 'idle'],
      ['/api/v1/journeys?sort=name', 'sort'],
      ['/api/v1/journeys?cursor=garbage', 'cursor'],
      ['/api/v1/tasks?kind=coffee', 'kind'],
      ['/api/v1/tasks?limit=1000', 'limit'],
      // A cursor of another sort or list does not fit.
      [
        `/api/v1/journeys?sort=-openedAt&cursor=${Buffer.from(JSON.stringify(['journeysopenedAt', '2024-01-01T00:00:00Z', randomUUID()])).toString('base64url')}`,
        'cursor',
      ],
    ] as const) {
      const response = await api.as(ANNA).get(path);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // Olle's sign-in names no unit.
    const noUnit = await api.as(OLLE).get('/api/v1/journeys?scope=unit');
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.errors).toEqual([expect.objectContaining({ field: 'scope', rule: 'no-unit' })]);
    const foreign = await api.as(ANNA).get('/api/v1/journeys').set('X-Organisation-Id', ORG_B);
    expect(foreign.status).toBe(403);
    const ambiguous = await api.as(TWO_ORGS).get('/api/v1/tasks');
    expect(ambiguous.status).toBe(400);
    expect((await api.as(MANAGER_A).get('/api/v1/journeys')).status).toBe(403);
  });

  it('names caseworkers in the caseload by caseworker, by id for one who never gave a name', async () => {
    const response = await api
      .as(MANAGER_A)
      .get(`/api/v1/reports/caseload?groupBy=caseworker&minPosition=${position}`)
      .expect(200);
    expect(response.body.columns).toContain('caseworkerName');
    const names = Object.fromEntries(
      (response.body.rows as { caseworkerId: string | null; caseworkerName: string | null }[]).map((row) => [
        String(row.caseworkerId),
        row.caseworkerName,
      ]),
    );
    expect(names).toEqual({ 'anna.berg': 'Anna Berg', 'olle.nyman': 'olle.nyman', null: null });
  });

  it('keeps what a withdrawn consent shared, and shows nothing recorded after the withdrawal', async () => {
    const participantId = randomUUID();
    const [before, after, consentId] = [randomUUID(), randomUUID(), randomUUID()];
    const p = `/api/v1/participants/${participantId}`;
    await register(ANNA, participantId, 'Lena', 'Dahl');
    await post(ANNA, `${p}/consents`, { consentId, organisationIds: [ORG_W], purpose: 'samverkan', validFrom: today() });
    await post(ANNA, `${p}/journeys`, { journeyId: before });
    await post(ANNA, `${p}/journeys/${before}/closing`, { reason: 'moved' });
    await post(ANNA, `${p}/consents/${consentId}/withdrawal`, {});
    await post(ANNA, `${p}/journeys`, { journeyId: after });
    const seen = (await list(WITHDRAWN, 'scope=organisation')).items;
    expect(seen.map((each) => each.journeyId)).toEqual([before]);
    expect(seen[0]).toMatchObject({ shared: true, participantName: 'Lena Dahl' });
    expect((await list(ANNA, 'scope=organisation')).items.map((each) => each.journeyId)).toContain(before);
  });
});
