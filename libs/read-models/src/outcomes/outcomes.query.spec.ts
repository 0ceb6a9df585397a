import { EXACT } from '../reporting/disclosure';
import { randomUUID } from 'node:crypto';
import { PGliteSqlClient } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { journeyFactsProjection } from '../testing/test-projections';
import type { ReportFilters } from '../reporting/report-filters';
import { ProjectionHarness } from '../testing/projection-harness';
import { organisation, person, track } from './outcomes.examples';
import type { PersonSpec } from './outcomes.examples';
import { outcomesReport } from './outcomes.query';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const AME = randomUUID();
const SOCIAL = randomUUID();
const TRACK = randomUUID();
const NOW = new Date('2026-06-01T12:00:00Z');
const filters = (more: Partial<ReportFilters> = {}): ReportFilters => ({
  from: '2025-01-01',
  to: '2026-01-01',
  organisationIds: [AME],
  ...more,
});
const catalogue = [
  organisation(AME, 'labour_market_unit'),
  organisation(SOCIAL, 'social_services'),
  track(TRACK, 'Jobbspår', 'job_track', AME),
];

/** Someone who left the track to lasting work on 2025-03-03. */
const leftToWork = (more: Partial<PersonSpec> = {}): PersonSpec => ({
  organisationId: AME,
  enrolments: [
    {
      trackId: TRACK,
      startedAt: '2025-01-13T10:00:00Z',
      endedAt: '2025-03-03T10:00:00Z',
      exit: { status: 'employed', at: '2025-03-03T10:00:00Z' },
    },
  ],
  ...more,
});

describe('The outcomes query', () => {
  // One PGlite for the file (it is slow to start); each test gets fresh schemas in it.
  let sql: SqlClient;
  let harness: ProjectionHarness;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => sql.close());
  beforeEach(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection], sql);
  });
  const report = (scope = filters()) => outcomesReport(harness.sql, harness.reportTables, scope, NOW, EXACT);

  describe('When one person has five enrolments that ended in the period', () => {
    it('suppresses the count of 5, since it is one person', async () => {
      const five = Array.from({ length: 5 }, (_, i) => ({
        trackId: TRACK,
        startedAt: `2025-0${i + 1}-01T10:00:00Z`,
        endedAt: `2025-0${i + 1}-20T10:00:00Z`,
      }));
      await harness.given([...catalogue, ...person({ organisationId: AME, enrolments: five })]);
      const [row] = (await report()).rows;
      expect(row).toMatchObject({
        started: 'suppressed',
        ended: 'suppressed',
        exitCohort: 'suppressed',
        daysInTrackMedian: 'suppressed',
      });
    });
  });

  describe('When ten people left to work and some came back to income support or social services', () => {
    it('counts income support or a social-services referral within 6 and 12 months as a fall-back', async () => {
      const incomeSupport = (at: string) => ({
        status: 'job_seeking' as const,
        incomeSources: ['income_support' as const],
        moment: 'entry' as const,
        at,
      });
      await harness.given([
        ...catalogue,
        // Six on income support two months after leaving: fell back within 6 (and so within 12) months.
        ...Array.from({ length: 6 }, () => person(leftToWork({ laterStatuses: [incomeSupport('2025-05-05T10:00:00Z')] }))).flat(),
        // Referred by social services after 8 months: within 12 months only.
        ...person(leftToWork({ referrals: [{ from: SOCIAL, to: AME, at: '2025-11-03T10:00:00Z' }] })),
        // Referred by the labour-market unit itself: not a fall-back.
        ...person(leftToWork({ referrals: [{ from: AME, to: SOCIAL, at: '2025-05-05T10:00:00Z' }] })),
        // On income support after 13 months: too late to count.
        ...person(leftToWork({ laterStatuses: [incomeSupport('2026-04-06T10:00:00Z')] })),
        ...person(leftToWork()),
      ]);
      const [row] = (await report()).rows;
      expect(row).toMatchObject({
        leftToWork6mDue: 10,
        fellBack6m: 6,
        fellBack6mRate: 0.6,
        leftToWork12mDue: 10,
        fellBack12m: 7,
        fellBack12mRate: 0.7,
      });
    });

    it('does not count the exit status itself, recorded days after leaving with income support beside the job', async () => {
      const exitWithSupport = leftToWork({
        enrolments: [
          {
            trackId: TRACK,
            startedAt: '2025-01-13T10:00:00Z',
            endedAt: '2025-03-03T10:00:00Z',
            exit: { status: 'employed', incomeSources: ['salary', 'income_support'], at: '2025-03-05T10:00:00Z' },
          },
        ],
      });
      const cameBack = leftToWork({
        laterStatuses: [
          { status: 'job_seeking', incomeSources: ['income_support'], moment: 'entry', at: '2025-05-05T10:00:00Z' },
        ],
      });
      await harness.given([
        ...catalogue,
        ...Array.from({ length: 5 }, () => person(exitWithSupport)).flat(),
        ...Array.from({ length: 5 }, () => person(cameBack)).flat(),
      ]);
      const [row] = (await report()).rows;
      expect(row).toMatchObject({ leftToWork6mDue: 10, fellBack6m: 5, leftToWork12mDue: 10, fellBack12m: 5 });
    });

    it('does not judge the 12-month window before 12 months have passed', async () => {
      await harness.given([...catalogue, ...Array.from({ length: 5 }, () => person(leftToWork())).flat()]);
      const [row] = (await outcomesReport(harness.sql, harness.reportTables, filters(), new Date('2026-01-01T12:00:00Z'), EXACT))
        .rows;
      expect(row).toMatchObject({
        leftToWork6mDue: 5,
        fellBack6mRate: 'suppressed',
        leftToWork12mDue: 'suppressed',
        fellBack12mRate: 'suppressed',
      });
    });
  });

  describe('When the caller may see another organisation only', () => {
    it('gives no rows', async () => {
      await harness.given([...catalogue, ...Array.from({ length: 5 }, () => person(leftToWork())).flat()]);
      expect((await report(filters({ organisationIds: [SOCIAL] }))).rows).toEqual([]);
      expect((await report(filters({ organisationIds: [] }))).rows).toEqual([]);
    });
  });

  describe('When a follow-up date falls after `to`', () => {
    it('is not yet due, though it has passed by now', async () => {
      const ended = (day: string): PersonSpec => ({
        organisationId: AME,
        enrolments: [{ trackId: TRACK, startedAt: '2025-01-13T10:00:00Z', endedAt: `${day}T10:00:00Z` }],
      });
      await harness.given([
        ...catalogue,
        ...['2025-03-03', '2025-04-01', '2025-05-02', '2025-06-02', '2025-06-30'].flatMap((day) => person(ended(day))),
        ...['2025-07-01', '2025-09-01', '2025-10-03', '2025-11-03', '2025-12-01'].flatMap((day) => person(ended(day))),
      ]);
      const [row] = (await report()).rows;
      // 90 days after 2025-10-03T10:00Z is 2026-01-01T10:00Z, after `to`; 6 months after 2025-07-01 likewise.
      expect(row).toMatchObject({ exitCohort: 10, followUp90dDue: 7, followUp6mDue: 5 });
      // None followed up: 0 is suppressed, and so are the coverage and the rate built on it.
      expect(row).toMatchObject({
        followUp90dRecorded: 'suppressed',
        followUp90dCoverage: 'suppressed',
        workOrStudies90dRate: 'suppressed',
      });
    });
  });
});
