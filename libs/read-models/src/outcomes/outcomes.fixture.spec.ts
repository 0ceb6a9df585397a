import { EXACT } from '../reporting/disclosure';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { journeyFactsProjection } from '../testing/test-projections';
import { ProjectionHarness } from '../testing/projection-harness';
import { REGION, regionEvents, regionFilters } from './outcomes.fixture';
import { outcomesReport, transitionsReport } from './outcomes.query';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

// Every figure below was computed by hand from outcomes.fixture.ts (P1–P12 in Jobbspår vård, Q1–Q8 in
// Arbetsträning). Cut = min(to, now) = 2026-01-01T00:00Z; fall-back is judged against now = 2026-09-01T12:00Z.
// "supp." = suppressed: fewer than 5 distinct people, including 0.

describe('The outcomes report on a hand-computed region', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection]);
    await harness.given(regionEvents());
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => harness.close());

  const report = (filters = regionFilters()) => outcomesReport(harness.sql, harness.reportTables, filters, REGION.now, EXACT);

  /**
   * Jobbspår vård. Cohort (ended in 2025, less P9's registration error): P1a, P2, P3, P4, P5, P6, P7, P8 = 8.
   * - started in 2025: P1b, P3, P4, P5, P6, P7, P8, P10, P12 = 9 (P9's registration error is left out of every count).
   * - active at cut: P1b, P10, P11 = 3 (P12's journey was closed on a death) → supp.
   * - ended in 2025: the cohort = 8 (P9 left out).
   * - work or studies at exit: P1a, P2, P3 (subsidised), P4, P5 work, P6 studies = 6 (P7's job is too short,
   *   P8 has no exit status) → 6/8 = 0.75.
   * - immediate: employed P1a, P2, P3, P4, P5, P7 = 6 → 6/8 = 0.75; education P6 = 1, job seeking 0,
   *   inactive 0, unknown P8 = 1 → supp., and their rates supp. by the numerator.
   * - 90 days due (ended + 90 d ≤ cut): all but P8 (2025-11-03) = 7. Recorded: P1a, P2, P3, P4, P5, P7 = 6
   *   (P6's `unknown` is not a follow-up) → coverage 6/7 = 0.857. Work or studies: P1a, P2, P3, P4, P7 = 5
   *   → 5/6 = 0.833 (P6 is neither success nor failure).
   * - 6 months due (ended + 6 mo ≤ cut): P1a, P2, P3, P4, P5 = 5 (P6's is 2026-01-01T10:00Z). Recorded:
   *   P1a, P2, P3 = 3 → supp., coverage supp.; work or studies P1a (work), P3 (studies) = 2 → supp.
   * - days in track: 154, 153, 76, 88, 91, 91, 136, 154 → sorted 76 88 91 91 136 153 154 154;
   *   median = (91 + 136) / 2 = 113.5; p75 at rank 5.25 = 153 + 0.25 × 1 = 153.25 → 153.3.
   * - left to work: P1a, P2, P3, P4, P5 = 5, all with 6 and 12 months passed by now.
   *   Fell back within 6 months: P2 (income support 2025-08-25) = 1 → supp., rate supp. by the numerator.
   *   Within 12 months: P2, P4 (social services referral 2026-02-01) = 2 → supp.
   */
  const jobTrackRow = {
    trackId: REGION.jobTrack,
    trackName: 'Jobbspår vård',
    trackKind: 'job_track',
    breakdown: 'all',
    started: 9,
    activeAtTo: 'suppressed',
    ended: 8,
    exitCohort: 8,
    workOrStudiesAtExit: 6,
    workOrStudiesAtExitRate: 0.75,
    immediateEmployed: 6,
    immediateEmployedRate: 0.75,
    immediateEducation: 'suppressed',
    immediateEducationRate: 'suppressed',
    immediateJobSeeking: 'suppressed',
    immediateJobSeekingRate: 'suppressed',
    immediateInactive: 'suppressed',
    immediateInactiveRate: 'suppressed',
    immediateUnknown: 'suppressed',
    followUp90dDue: 7,
    followUp90dRecorded: 6,
    followUp90dCoverage: 0.857,
    workOrStudies90d: 5,
    workOrStudies90dRate: 0.833,
    followUp6mDue: 5,
    followUp6mRecorded: 'suppressed',
    followUp6mCoverage: 'suppressed',
    workOrStudies6m: 'suppressed',
    workOrStudies6mRate: 'suppressed',
    daysInTrackMedian: 113.5,
    daysInTrackP75: 153.3,
    leftToWork6mDue: 5,
    fellBack6m: 'suppressed',
    fellBack6mRate: 'suppressed',
    leftToWork12mDue: 5,
    fellBack12m: 'suppressed',
    fellBack12mRate: 'suppressed',
  };

  /**
   * Arbetsträning. Cohort: Q1, Q2, Q3, Q4, Q5, Q6a, Q6b = 7 enrolments of 6 people (Q6 twice).
   * - started in 2025: Q1, Q2, Q3, Q4, Q5, Q6b, Q7, Q8 = 8; active at cut: Q7, Q8 = 2 → supp.
   * - ended = cohort = 7 (6 people, so shown).
   * - work or studies at exit: Q3, Q5 = 2 → supp., rate supp. by the numerator.
   * - immediate: job seeking Q1, Q2 (programme), Q6b = 3; employed Q3, Q5 = 2; education Q4 (1-month
   *   follow-up on day 19) = 1; inactive Q6a (parental leave) = 1; unknown 0 → all supp.
   * - 90 days due: all 7 (Q5: 2025-09-01 + 90 d = 2025-11-30) → 7 of 6 people; none recorded → supp.
   * - 6 months due: Q1, Q2, Q3, Q6a, Q6b = 5 enrolments but 4 people → supp. (Q4, Q5 fall in 2026).
   * - days: 90, 91, 92, 122, 122, 77, 28 → sorted 28 77 90 91 92 122 122; median 91; p75 at rank 4.5 =
   *   (92 + 122) / 2 = 107. Shown: the cohort has 6 people.
   * - left to work: Q3, Q5 = 2 → supp., so every fall-back rate is supp. by the denominator (Q3 fell back
   *   on 2025-12-01; Q5's own exit record with income support does not count).
   */
  const preparatoryRow = {
    trackId: REGION.preparatory,
    trackName: 'Arbetsträning',
    trackKind: 'preparatory',
    breakdown: 'all',
    started: 8,
    activeAtTo: 'suppressed',
    ended: 7,
    exitCohort: 7,
    workOrStudiesAtExit: 'suppressed',
    workOrStudiesAtExitRate: 'suppressed',
    immediateEmployed: 'suppressed',
    immediateEmployedRate: 'suppressed',
    immediateEducation: 'suppressed',
    immediateEducationRate: 'suppressed',
    immediateJobSeeking: 'suppressed',
    immediateJobSeekingRate: 'suppressed',
    immediateInactive: 'suppressed',
    immediateInactiveRate: 'suppressed',
    immediateUnknown: 'suppressed',
    followUp90dDue: 7,
    followUp90dRecorded: 'suppressed',
    followUp90dCoverage: 'suppressed',
    workOrStudies90d: 'suppressed',
    workOrStudies90dRate: 'suppressed',
    followUp6mDue: 'suppressed',
    followUp6mRecorded: 'suppressed',
    followUp6mCoverage: 'suppressed',
    workOrStudies6m: 'suppressed',
    workOrStudies6mRate: 'suppressed',
    daysInTrackMedian: 91,
    daysInTrackP75: 107,
    leftToWork6mDue: 'suppressed',
    fellBack6m: 'suppressed',
    fellBack6mRate: 'suppressed',
    leftToWork12mDue: 'suppressed',
    fellBack12m: 'suppressed',
    fellBack12mRate: 'suppressed',
  };

  describe('When an evaluator of both organisations asks for 2025', () => {
    it('gives one row per track, ordered by name, with every figure as computed by hand', async () => {
      const { rows, columns } = await report();
      expect(rows).toEqual([preparatoryRow, jobTrackRow]);
      expect(Object.keys(rows[0]!)).toEqual(columns);
    });
  });

  describe('When a manager of the labour-market unit asks', () => {
    it('counts only its enrolments: Jobbspår vård is unchanged, Arbetsträning has only Q4', async () => {
      const { rows } = await report(regionFilters([REGION.orgA]));
      expect(rows).toHaveLength(2);
      expect(rows[1]).toEqual(jobTrackRow);
      // Q4 alone: 1 started, 1 ended, 1 in the cohort; every count suppressed, and no days statistic.
      expect(rows[0]).toMatchObject({
        trackId: REGION.preparatory,
        started: 'suppressed',
        ended: 'suppressed',
        daysInTrackMedian: 'suppressed',
      });
      expect(Object.values(rows[0]!).filter((value) => typeof value === 'number')).toEqual([]);
    });
  });

  describe('When the report is filtered by the municipality of social services', () => {
    it('keeps only orgB’s Arbetsträning: Q4 (orgA) leaves the cohort', async () => {
      const { rows } = await report(regionFilters(undefined, { municipality: '0486' }));
      // Q1, Q2, Q3, Q5, Q6 ×2: ended 6 of 5 people; started Q1, Q2, Q3, Q5, Q6b, Q7, Q8 = 7.
      // Days 28 77 90 91 92 122 → median (90 + 91) / 2 = 90.5; p75 at rank 3.75 = 91.75 → 91.8.
      expect(rows).toEqual([
        expect.objectContaining({
          trackId: REGION.preparatory,
          started: 7,
          ended: 6,
          exitCohort: 6,
          daysInTrackMedian: 90.5,
          daysInTrackP75: 91.8,
        }),
      ]);
    });
  });

  describe('When the report is broken down by gender', () => {
    it('splits each track: Jobbspår vård has 2 men and 6 women in the cohort', async () => {
      const { rows } = await report(regionFilters(undefined, { breakdown: 'gender' }));
      const job = rows.filter((row) => row['trackId'] === REGION.jobTrack);
      // Women: P1a, P2, P4, P6, P8 = 5 ended (P9, a registration error, is not); men: P3, P5, P7 = 3 → supp.
      expect(job.map((row) => [row['breakdown'], row['ended'], row['exitCohort']])).toEqual([
        ['kvinna', 5, 5],
        ['man', 'suppressed', 'suppressed'],
      ]);
    });
  });

  describe('When the transition matrix is asked for', () => {
    it('gives only the cells of 5 or more: job_seeking → employed in Jobbspår vård, of the 2 × 13 × 13 grid', async () => {
      const { rows } = await transitionsReport(harness.sql, harness.reportTables, regionFilters(), REGION.now, EXACT);
      // job_seeking → employed: P1a, P2, P4, P5, P7 = 5 (P9's registration error not among them). Everything else
      // has fewer than 5 (or none), and is left out whether suppressed or empty.
      expect(rows).toEqual([
        {
          trackId: REGION.jobTrack,
          trackName: 'Jobbspår vård',
          trackKind: 'job_track',
          breakdown: 'all',
          entryStatus: 'job_seeking',
          exitStatus: 'employed',
          count: 5,
        },
      ]);
    });
  });
});
