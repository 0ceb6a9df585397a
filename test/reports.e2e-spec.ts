import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import type { JourneysApi } from '@samspar/journeys/testing';
import { outcomesReport } from '@samspar/read-models';
import type { Report } from '@samspar/read-models';
import { startReportsApi, trueFiguresOf } from '@samspar/read-models/testing';

/**
 * Across the whole system: commands over HTTP → event store → read model (projected in process) →
 * report, live, as of a past instant, and after a blue/green rebuild.
 */
const SOC = randomUUID();
const AME = randomUUID();
const TRACK = randomUUID();
const principal = (
  userId: string,
  role: Principal['role'],
  organisationIds: string[],
  permissions: Principal['permissions'] = [],
): Principal => ({
  userId,
  role,
  organisationIds,
  permissions,
});
const ADMIN = principal('admin-1', 'admin', [SOC], ['system_admin']);
const CASEWORKER = principal('karin.ek', 'caseworker', [AME]);
const MANAGER = principal('mats.holm', 'manager', [AME]);
const EVALUATOR = principal('eva.lund', 'evaluator', [AME]);

describe('Reports end to end', () => {
  let api: JourneysApi;
  let position = '';

  async function post(who: Principal, path: string, body: object): Promise<{ id: string; position: string }> {
    const response = await api.as(who).post(path).send(body);
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    position = response.body.position;
    return response.body;
  }

  /** Entry as job seeking, the track, and an exit status; returns the exit status event's id. */
  async function throughTheTrack(
    exit: 'employed' | 'job_seeking',
  ): Promise<{ participantId: string; journeyId: string; exitEventId: string }> {
    const participantId = randomUUID();
    const journeyId = randomUUID();
    const enrolmentId = randomUUID();
    const journey = `/api/v1/participants/${participantId}/journeys/${journeyId}`;
    await post(CASEWORKER, '/api/v1/participants', {
      participantId,
      anonymous: true,
      anonymousReason: 'no_consent',
      gender: 'man',
      birthYear: 1988,
      newlyArrived: true,
      educationBand: 'isced_0_2',
    });
    await post(CASEWORKER, `/api/v1/participants/${participantId}/journeys`, { journeyId });
    await post(CASEWORKER, `${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
    });
    await post(CASEWORKER, `${journey}/enrolments`, { enrolmentId, trackId: TRACK });
    await post(CASEWORKER, `${journey}/enrolments/${enrolmentId}/end`, {});
    await post(CASEWORKER, `${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'exit',
      status: exit,
      incomeSources: exit === 'employed' ? ['salary'] : ['income_support'],
      ...(exit === 'employed' ? { expectedToLastOneMonth: true } : {}),
      enrolmentId,
    });
    const timeline = await api.as(CASEWORKER).get(`${journey}/timeline`).expect(200);
    const entries = (Array.isArray(timeline.body) ? timeline.body : timeline.body.events) as { eventId: string; type: string }[];
    return {
      participantId,
      journeyId,
      exitEventId: entries.filter((entry) => entry.type === 'LabourMarketStatusRecorded').at(-1)!.eventId,
    };
  }

  const outcomes = async (who: Principal, query: string): Promise<Record<string, unknown>> => {
    const response = await api.as(who).get(`/api/v1/reports/outcomes?${query}`);
    expect(response.status).toBe(200);
    const rows = response.body.rows as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    answers.set(rows[0]!, response.body as Report);
    return rows[0]!;
  };
  const answers = new Map<Record<string, unknown>, Report>();
  // The true figures behind a live answer (the cell key method moves the published ones by at most ±2).
  const truly = async (row: Record<string, unknown>) => (await trueFiguresOf(api, answers.get(row)!, outcomesReport)).rows[0];

  beforeAll(async () => {
    api = await startReportsApi();
    await api.signIn(ADMIN, CASEWORKER, MANAGER, EVALUATOR);
    await post(ADMIN, '/api/v1/organisations', {
      organisationId: SOC,
      name: 'Socialtjänsten',
      kind: 'social_services',
      municipalityCode: '0484',
    });
    await post(ADMIN, '/api/v1/organisations', {
      organisationId: AME,
      name: 'Arbetsmarknadsenheten',
      kind: 'labour_market_unit',
      municipalityCode: '0484',
    });
    await post(ADMIN, '/api/v1/tracks', {
      trackId: TRACK,
      name: 'Jobbspår vård',
      kind: 'job_track',
      ownerOrganisationId: AME,
      employerOrganisationIds: [SOC],
      occupation: '5321',
    });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('counts what caseworkers recorded, keeps the figures as of a past instant, and rebuilds to the same figures', async () => {
    const people = [];
    for (let i = 0; i < 6; i += 1) people.push(await throughTheTrack('employed'));
    for (let i = 0; i < 5; i += 1) await throughTheTrack('job_seeking');

    const live = await outcomes(MANAGER, `minPosition=${position}`);
    expect(await truly(live)).toMatchObject({
      trackId: TRACK,
      ended: 11,
      exitCohort: 11,
      workOrStudiesAtExit: 6,
      workOrStudiesAtExitRate: 0.545,
    });

    await new Promise((resolve) => setTimeout(resolve, 50));
    const then = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Later: one exit to work was recorded for the wrong person, and another person passes through the track.
    const wrong = people[0]!;
    await post(CASEWORKER, `/api/v1/participants/${wrong.participantId}/journeys/${wrong.journeyId}/corrections`, {
      stepEventId: wrong.exitEventId,
      reason: 'Fel deltagare',
    });
    await throughTheTrack('employed');

    const now = await outcomes(MANAGER, `minPosition=${position}`);
    expect(await truly(now)).toMatchObject({ ended: 12, workOrStudiesAtExit: 6, workOrStudiesAtExitRate: 0.5 });
    // As of then, the same people in every cell: the same record keys, so the same published figures as live.
    const asThen = await outcomes(EVALUATOR, `asOf=${encodeURIComponent(then)}`);
    expect({ ...asThen, activeAtTo: undefined }).toEqual({ ...live, activeAtTo: undefined });

    // Blue/green: a new generation is built from the log and takes over with the same figures.
    await api.as(ADMIN).post('/api/v1/admin/read-models/journeys/rebuild').send({}).expect(202);
    for (let tries = 0; tries < 200; tries += 1) {
      const view = await api.as(ADMIN).get('/api/v1/admin/read-models/journeys').expect(200);
      if (
        view.body.generations.some(
          (each: { generation: number; state: string }) => each.generation === 2 && each.state === 'active',
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await outcomes(MANAGER, `minPosition=${position}`)).toEqual(now);
  }, 120_000);

  it('answers 503 with Retry-After when the read model has not reached the position in time', async () => {
    const response = await api.as(MANAGER).get('/api/v1/reports/outcomes?minPosition=99999999999:0&waitMs=100');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ type: 'https://samspar.se/problems/read-model-behind' });
  });

  it('refuses a report as of a future instant, naming the field', async () => {
    const response = await api.as(EVALUATOR).get('/api/v1/reports/outcomes?asOf=2999-01-01');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(response.body)).toContain('asOf');
  });
});
