import type { RecordedEvent } from '@samspar/kernel';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { journeyFactsProjection } from '../testing/test-projections';
import type { ReportFilters } from '../reporting/report-filters';
import { ProjectionHarness } from '../testing/projection-harness';
import { caseloadReport } from './caseload.query';
import { catalogue, daysFrom, events, uuid } from './journey-events.examples';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const NOW = new Date('2026-03-01T12:00:00Z');
const A = uuid(1, 1);
const B = uuid(1, 2);
const TRACK = uuid(2, 1);
const person = (n: number) => uuid(3, n);
const journey = (n: number) => uuid(4, n);
const enrolment = (n: number) => uuid(5, n);
const intervention = (n: number) => uuid(6, n);
const status = (n: number) => uuid(7, n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** An open journey at `organisation`, assigned to a caseworker in a unit. */
function openJourney(
  n: number,
  organisation: string,
  caseworker: string,
  unit: string,
  opened: string,
  gender: 'kvinna' | 'man',
) {
  return [
    events.registered(person(n), organisation, opened, { gender }),
    events.opened(person(n), journey(n), organisation, opened),
    events.assigned(person(n), journey(n), caseworker, unit, opened),
  ];
}

// 1–5: active in a track and an intervention, last seen 29 days 23 hours before NOW: not idle yet.
const ALMOST_IDLE = daysFrom(NOW.toISOString(), -(30 - 1 / 24));
const active = range(1, 5).flatMap((n) => [
  ...openJourney(n, A, 'cw-1', 'u1', '2026-01-05T08:00:00Z', 'kvinna'),
  events.enrolled(person(n), journey(n), enrolment(n), TRACK, '2026-01-10T08:00:00Z'),
  events.interventionPlanned(person(n), journey(n), intervention(n), A, '2026-01-10T09:00:00Z'),
  events.interventionStarted(person(n), journey(n), intervention(n), ALMOST_IDLE),
]);
// One intervention that ended does not count as active.
const completed = [
  events.interventionPlanned(person(1), journey(1), intervention(99), A, '2026-01-11T08:00:00Z'),
  events.interventionStarted(person(1), journey(1), intervention(99), '2026-01-12T08:00:00Z'),
  events.interventionCompleted(person(1), journey(1), intervention(99), '2026-01-20T08:00:00Z'),
];
// 6–10: opened on 15 January and nothing since: idle. 9 and 10 belong to a second caseworker.
const idle = range(6, 10).flatMap((n) => openJourney(n, A, n >= 9 ? 'cw-2' : 'cw-1', 'u1', '2026-01-15T08:00:00Z', 'man'));
// 11–17: left a track on 15 November, journey closed; 11 and 12 have their 1-month follow-up.
// 18: the same, but the journey was a registration error, which is no exit.
const exits = range(11, 18).flatMap((n) => [
  events.registered(person(n), A, '2025-09-01T08:00:00Z'),
  events.opened(person(n), journey(n), A, '2025-09-01T08:00:00Z'),
  events.enrolled(person(n), journey(n), enrolment(n), TRACK, '2025-09-02T08:00:00Z'),
  events.enrolmentEnded(person(n), journey(n), enrolment(n), '2025-11-15T08:00:00Z'),
  ...(n <= 12 ? [events.status(person(n), journey(n), status(n), 'follow_up_1m', 'employed', '2025-12-16T08:00:00Z')] : []),
  events.closed(person(n), journey(n), n === 18 ? 'registration_error' : 'work', '2025-11-20T08:00:00Z'),
]);
// 26–30: a track and an intervention still running when the journey was closed as a registration error, which
// such a closing allows: the journey never happened, so nothing of it is active (5 people, so it would show).
const inError = range(26, 30).flatMap((n) => [
  ...openJourney(n, A, 'cw-1', 'u1', '2026-01-05T08:00:00Z', 'kvinna'),
  events.enrolled(person(n), journey(n), enrolment(n), TRACK, '2026-01-10T08:00:00Z'),
  events.interventionPlanned(person(n), journey(n), intervention(n), A, '2026-01-10T09:00:00Z'),
  events.interventionStarted(person(n), journey(n), intervention(n), '2026-01-11T08:00:00Z'),
  events.closed(person(n), journey(n), 'registration_error', '2026-01-12T08:00:00Z'),
]);
// 31: cw-3's one exit, on 15 January, followed up at a month; its 90-day date has not come: nothing is due yet.
const followedUp = [
  ...openJourney(31, A, 'cw-3', 'u2', '2025-12-01T08:00:00Z', 'man'),
  events.enrolled(person(31), journey(31), enrolment(31), TRACK, '2025-12-02T08:00:00Z'),
  events.enrolmentEnded(person(31), journey(31), enrolment(31), '2026-01-15T08:00:00Z'),
  events.status(person(31), journey(31), status(31), 'follow_up_1m', 'employed', '2026-02-16T08:00:00Z'),
  events.closed(person(31), journey(31), 'work', '2026-01-16T08:00:00Z'),
];
// 19–25: another organisation's caseload.
const other = range(19, 25).flatMap((n) => openJourney(n, B, 'cw-b', 'ub', '2026-01-15T08:00:00Z', 'kvinna'));

const given: RecordedEvent[] = [
  catalogue.organisation(A, 'AME Eskilstuna', 'labour_market_unit'),
  catalogue.organisation(B, 'Socialtjänsten Strängnäs', 'social_services'),
  catalogue.unit(A, 'u1', 'Jobbtorget'),
  catalogue.unit(A, 'u2', 'Ungdomsteamet'),
  catalogue.track(TRACK, 'Arbetsträning', A),
  ...active,
  ...completed,
  ...idle,
  ...exits,
  ...inError,
  ...followedUp,
  ...other,
];

const filters = (organisationIds: string[], more: Partial<ReportFilters> = {}): ReportFilters => ({
  from: '2025-01-01',
  to: '2026-03-02',
  organisationIds,
  ...more,
});

describe('The caseload', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection]);
    await harness.given(given);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => harness.close());

  const report = (f: ReportFilters, groupBy?: 'organisation' | 'unit' | 'caseworker', now = NOW) =>
    caseloadReport(harness.sql, harness.reportTables, f, now, groupBy);

  describe('Per organisation', () => {
    it('counts open, active, idle and due work, and suppresses what fewer than 5 people are behind', async () => {
      const { rows, columns } = await report(filters([A]));
      expect(columns).toEqual([
        'organisationId',
        'organisationName',
        'openJourneys',
        'activeEnrolments',
        'activeInterventions',
        'idleJourneys',
        'followUpsDue1m',
        'followUpsDue90d',
        'followUpsDue6m',
      ]);
      expect(rows).toEqual([
        {
          organisationId: A,
          organisationName: 'AME Eskilstuna',
          openJourneys: 10,
          activeEnrolments: 5,
          activeInterventions: 5,
          idleJourneys: 5,
          // 7 exits past their 1-month date, 2 of them followed up; the registration error is no exit.
          followUpsDue1m: 5,
          followUpsDue90d: 7,
          // 15 May has not come: 0, which is suppressed like any small cell.
          followUpsDue6m: 'suppressed',
        },
      ]);
    });

    it('calls a journey idle after 30 days without an event, not before', async () => {
      const [row] = (await report(filters([A]), 'organisation', new Date(NOW.getTime() + 2 * 3_600_000))).rows;
      expect(row).toMatchObject({ idleJourneys: 10 });
    });

    it('never counts another organisation, and shows each organisation in scope on its own row', async () => {
      const onlyA = await report(filters([A]));
      expect(onlyA.rows.map((row) => row['organisationId'])).toEqual([A]);
      const both = await report(filters([A, B]));
      expect(both.rows.find((row) => row['organisationId'] === B)).toMatchObject({ openJourneys: 7, idleJourneys: 7 });
      expect(both.rows.find((row) => row['organisationId'] === A)).toMatchObject({ openJourneys: 10 });
    });

    it('filters by the participants’ gender', async () => {
      const [row] = (await report(filters([A], { gender: 'kvinna' }))).rows;
      expect(row).toMatchObject({ openJourneys: 5, activeEnrolments: 5, idleJourneys: 'suppressed' });
    });
  });

  describe('Per caseworker', () => {
    it('suppresses a caseworker with fewer than 5 people, as the rule says', async () => {
      const { rows } = await report(filters([A]), 'caseworker');
      const of = (caseworker: string | null) => rows.find((row) => row['caseworkerId'] === caseworker);
      expect(of('cw-1')).toMatchObject({
        openJourneys: 8,
        activeEnrolments: 5,
        activeInterventions: 5,
        idleJourneys: 'suppressed',
      });
      expect(of('cw-2')).toMatchObject({ openJourneys: 'suppressed', idleJourneys: 'suppressed' });
      // Exits from journeys that never had a caseworker.
      expect(of(null)).toMatchObject({ openJourneys: 'suppressed', followUpsDue90d: 7 });
      // cw-3 has nothing open, active or due: no row.
      expect(rows).toHaveLength(3);
    });
  });

  describe('Per unit', () => {
    it('gives every unit of the organisation a row, with its name', async () => {
      const { rows } = await report(filters([A]), 'unit');
      expect(rows.find((row) => row['unitId'] === 'u1')).toMatchObject({ unitName: 'Jobbtorget', openJourneys: 10 });
      expect(rows.find((row) => row['unitId'] === 'u2')).toMatchObject({
        unitName: 'Ungdomsteamet',
        openJourneys: 'suppressed',
      });
    });
  });

  it('refuses a breakdown: groupBy is this report’s breakdown', async () => {
    await expect(report(filters([A], { breakdown: 'gender' }))).rejects.toMatchObject({ rule: 'breakdown-not-applicable' });
  });
});
