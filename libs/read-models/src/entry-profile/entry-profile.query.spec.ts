import { EXACT } from '../reporting/disclosure';
import { randomUUID } from 'node:crypto';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { journeyFactsProjection } from '../testing/test-projections';
import { organisation, person, track } from '../outcomes/outcomes.examples';
import { REGION, regionEvents, regionFilters } from '../outcomes/outcomes.fixture';
import { ProjectionHarness } from '../testing/projection-harness';
import { entryProfileReport } from './entry-profile.query';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

describe('The entry profile', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection]);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => harness.close());

  describe('Given the hand-computed region of the outcomes fixture', () => {
    let tables: ProjectionHarness['reportTables'];
    beforeAll(async () => {
      await harness.given(regionEvents());
      tables = harness.reportTables;
    });

    /**
     * Participants whose enrolment started in 2025, less P9's registration error, each once:
     * P1 (P1b), P3, P4, P5, P6, P7, P8, P10, P12, Q1, Q2, Q3, Q4, Q5, Q6 (Q6b), Q7, Q8 = 17.
     * - status at entry of that enrolment: unemployed P3 (programme), P4, P5, P7, P10, Q3, Q4, Q5, Q7 = 9;
     *   inactive P6, P12 (parental leave), Q1 (sick), Q2, Q8 (SFI) = 5; unknown P1b, P8, Q6b (no entry
     *   status of their own) = 3; employed 0.
     * - gender: man P3, P5, P7, Q1, Q3, Q5 = 6; annat Q8 = 1; kvinna the other 10.
     * - age in the start year: 18–29 P4 (25), P6 (23), Q2 (26), Q4 (22), Q7 (24) = 5; 55+ P10 (60) = 1;
     *   the other 11 born 1990 → 30–54.
     * - education: ISCED 0–2 P3, P5, Q1, Q5, Q6, Q8 = 6; 5–8 P4, P6 = 2; 3–4 the other 9.
     * - newly arrived: P3, P5, Q1, Q5, Q8 = 5; the other 12 not.
     */
    it('counts each participant once per dimension, with every figure as computed by hand', async () => {
      const { rows, columns } = await entryProfileReport(harness.sql, tables, regionFilters(), REGION.now, EXACT);
      expect(columns).toEqual(['breakdown', 'dimension', 'value', 'count']);
      expect(rows.map((row) => [row['dimension'], row['value'], row['count']])).toEqual([
        ['total', 'all', 17],
        ['labourMarketStatus', 'unemployed', 9],
        // None of the 9 unemployed has since when: not available, and all 9 unknown.
        ['labourMarketStatus', 'long_term_unemployed', 'not_available'],
        ['labourMarketStatus', 'long_term_unemployment_unknown', 9],
        ['labourMarketStatus', 'inactive', 5],
        ['labourMarketStatus', 'employed', 'suppressed'],
        ['labourMarketStatus', 'unknown', 'suppressed'],
        ['gender', 'kvinna', 10],
        ['gender', 'man', 6],
        ['gender', 'annat', 'suppressed'],
        ['ageBand', 'lt18', 'suppressed'],
        ['ageBand', '18_29', 5],
        ['ageBand', '30_54', 11],
        ['ageBand', '55plus', 'suppressed'],
        ['educationBand', 'isced_0_2', 6],
        ['educationBand', 'isced_3_4', 9],
        ['educationBand', 'isced_5_8', 'suppressed'],
        ['educationBand', 'unknown', 'suppressed'],
        ['newlyArrived', 'true', 5],
        ['newlyArrived', 'false', 12],
      ]);
    });

    it('breaks down by track: Jobbspår vård has 9 starters, Arbetsträning 8', async () => {
      const { rows } = await entryProfileReport(
        harness.sql,
        tables,
        regionFilters(undefined, { breakdown: 'track' }),
        REGION.now,
        EXACT,
      );
      const totals = rows.filter((row) => row['dimension'] === 'total').map((row) => [row['breakdown'], row['count']]);
      expect(totals.sort()).toEqual([
        [REGION.jobTrack, 9],
        [REGION.preparatory, 8],
      ]);
    });

    it('gives the grid with every count suppressed when nobody started', async () => {
      const { rows } = await entryProfileReport(
        harness.sql,
        tables,
        { ...regionFilters(), from: '2027-01-01', to: '2028-01-01' },
        REGION.now,
        EXACT,
      );
      expect(rows).toHaveLength(20);
      // Nobody unemployed is nobody without since when: a count, suppressed, rather than not available.
      expect(new Set(rows.map((row) => row['count']))).toEqual(new Set(['suppressed']));
    });
  });

  describe('When the unemployed at entry say since when, or some do not', () => {
    /**
     * 16 job seekers starting on 10 March 2025, by hand (ESF+: over 12 months, over 6 under 25; age in the start year):
     * - long-term, 6: four born 1990 (35) unemployed since 1 June 2023; one born 1990 since 9 March 2024 (a day over
     *   12 months); one born 2002 (23) since 1 September 2024 (over 6 months).
     * - not long-term, 5: born 1990 since 10 March 2024 (exactly 12 months); born 1990 since 1 September 2024 (over 6
     *   but 35); born 2001 (24) since 10 September 2024 (exactly 6 months); two born 1990 since 1 January 2025.
     * - not known, 5: no unemployedSince (three job seeking, two in a programme).
     */
    const spec = (
      birthYear: number,
      unemployedSince?: string,
      status: 'job_seeking' | 'labour_market_programme' = 'job_seeking',
    ) => ({
      birthYear,
      entry: { status, at: '2025-03-10T09:00:00Z', ...(unemployedSince ? { unemployedSince } : {}) },
    });
    const people = [
      ...Array.from({ length: 4 }, () => spec(1990, '2023-06-01')),
      spec(1990, '2024-03-09'),
      spec(2002, '2024-09-01'),
      spec(1990, '2024-03-10'),
      spec(1990, '2024-09-01'),
      spec(2001, '2024-09-10'),
      spec(1990, '2025-01-01'),
      spec(1990, '2025-01-01'),
      ...Array.from({ length: 3 }, () => spec(1990)),
      ...Array.from({ length: 2 }, () => spec(1990, undefined, 'labour_market_programme')),
    ];

    async function profileOf(cohort: typeof people) {
      const org = randomUUID();
      const trackId = randomUUID();
      await harness.given([
        organisation(org, 'labour_market_unit'),
        track(trackId, 'Vägledning', 'preparatory', org),
        ...cohort.flatMap(({ birthYear, entry }) =>
          person({ organisationId: org, birthYear, enrolments: [{ trackId, startedAt: entry.at, entry }] }),
        ),
      ]);
      const { rows } = await entryProfileReport(
        harness.sql,
        harness.reportTables,
        { from: '2025-01-01', to: '2026-01-01', organisationIds: [org] },
        REGION.now,
        EXACT,
      );
      return (value: string) =>
        rows.find((row) => row['dimension'] === 'labourMarketStatus' && row['value'] === value)?.['count'];
    }

    it('counts the long-term unemployed known, and the unemployed whose length is not known, apart', async () => {
      const count = await profileOf(people);
      expect(count('unemployed')).toBe(16);
      expect(count('long_term_unemployed')).toBe(6);
      expect(count('long_term_unemployment_unknown')).toBe(5);
    });

    it('gives a count, not not_available, when every unemployed participant says since when', async () => {
      const count = await profileOf(people.slice(0, 11));
      expect(count('long_term_unemployed')).toBe(6);
      expect(count('long_term_unemployment_unknown')).toBe('suppressed');
    });
  });

  describe('When five people each started two enrolments in the period', () => {
    it('counts five participants, at their first start', async () => {
      const org = randomUUID();
      const [first, second] = [randomUUID(), randomUUID()];
      await harness.given([
        organisation(org, 'labour_market_unit'),
        track(first, 'Först', 'preparatory', org),
        track(second, 'Sedan', 'job_track', org),
        ...Array.from({ length: 5 }, () =>
          person({
            organisationId: org,
            enrolments: [
              {
                trackId: first,
                startedAt: '2025-02-03T10:00:00Z',
                endedAt: '2025-04-01T10:00:00Z',
                entry: { status: 'inactive_other', at: '2025-02-03T10:00:00Z' },
              },
              {
                trackId: second,
                startedAt: '2025-04-02T10:00:00Z',
                entry: { status: 'job_seeking', at: '2025-04-02T10:00:00Z' },
              },
            ],
          }),
        ).flat(),
      ]);
      const { rows } = await entryProfileReport(
        harness.sql,
        harness.reportTables,
        { from: '2025-01-01', to: '2026-01-01', organisationIds: [org] },
        REGION.now,
        EXACT,
      );
      const count = (dimension: string, value: string) =>
        rows.find((row) => row['dimension'] === dimension && row['value'] === value)?.['count'];
      expect(count('total', 'all')).toBe(5);
      expect(count('labourMarketStatus', 'inactive')).toBe(5);
      expect(count('labourMarketStatus', 'unemployed')).toBe('suppressed');
    });
  });
});
