import { UNEMPLOYED_STATUSES } from '@samspar/journeys';
import type { LabourMarketStatus } from '@samspar/journeys';
import { AGE_BANDS } from '../reporting/dimensions';
import type { Report, ReportRow } from '../reporting/report';
import type { ReportFilters } from '../reporting/report-filters';
import { PUBLISHED } from '../reporting/disclosure';
import type { Cell, Disclosure } from '../reporting/disclosure';
import type { Figure } from '../reporting/suppression';
import { enrolmentScope } from '../outcomes/enrolment-scope';
import type { ReportSchemas, SqlQuery } from '../outcomes/enrolment-scope';
import { inList } from '../outcomes/esf-groups';

/**
 * ESF+ labour-market status at entry, from our vocabulary. ESF+ "unemployed" includes the long-term
 * unemployed; studies count as inactive (outside the labour force); any employment, subsidised or municipal,
 * is employed. `unknown` or no entry status at all is `unknown`.
 */
export const ESF_ENTRY_GROUPS = {
  unemployed: UNEMPLOYED_STATUSES,
  inactive: ['studies_with_study_allowance', 'studies_other', 'on_sick_leave_or_unable', 'parental_leave', 'inactive_other'],
  employed: ['employed', 'employed_subsidised', 'municipal_labour_market_employment', 'self_employed'],
} as const satisfies Record<string, readonly LabourMarketStatus[]>;

/**
 * Long-term unemployment (ESF+: over 12 months, over 6 under age 25) is known only for the unemployed whose entry
 * status says since when (`unemployedSince`). `long_term_unemployed` counts those known to be; the unemployed
 * without it are counted apart, as `long_term_unemployment_unknown`, so the true figure lies between the first and
 * their sum. When none of a breakdown's unemployed has it, `long_term_unemployed` is `not_available`.
 */
export const NOT_AVAILABLE = 'not_available';

/** Every row of the profile, in order; values absent from the data are given too, as suppressed zeros. */
const DIMENSION_VALUES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['total', ['all']],
  [
    'labourMarketStatus',
    ['unemployed', 'long_term_unemployed', 'long_term_unemployment_unknown', 'inactive', 'employed', 'unknown'],
  ],
  ['gender', ['kvinna', 'man', 'annat']],
  ['ageBand', AGE_BANDS],
  ['educationBand', ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown']],
  ['newlyArrived', ['true', 'false']],
];

export const ENTRY_PROFILE_COLUMNS = ['breakdown', 'dimension', 'value', 'count'] as const;

type GroupedColumn = 'status' | 'long_term' | 'gender' | 'age_band' | 'education_band' | 'newly_arrived';
type GroupedRow = { breakdown: string; unused: number; n: number; keys: string } & Record<GroupedColumn, string | null>;

/** Each grouping set's dimension and column, in the order GROUPING() lists them. */
const GROUPED_DIMENSIONS: readonly (readonly [string, GroupedColumn])[] = [
  ['labourMarketStatus', 'status'],
  ['labourMarketStatus', 'long_term'],
  ['gender', 'gender'],
  ['ageBand', 'age_band'],
  ['educationBand', 'education_band'],
  ['newlyArrived', 'newly_arrived'],
];

/**
 * The ESF+ entry profile: the participants whose track enrolment started in the period, each once per
 * breakdown value, as at their first such start. Registration errors are no participants and are left out.
 */
export async function entryProfileReport(
  sql: SqlQuery,
  tables: ReportSchemas,
  filters: ReportFilters,
  now: Date,
  disclosure: Disclosure = PUBLISHED,
): Promise<Report> {
  const { params, from, to, source, where, breakdown } = enrolmentScope(tables, filters, now);
  const status = `CASE WHEN ${inList('p.entry_status', ESF_ENTRY_GROUPS.unemployed)} THEN 'unemployed'
    WHEN ${inList('p.entry_status', ESF_ENTRY_GROUPS.inactive)} THEN 'inactive'
    WHEN ${inList('p.entry_status', ESF_ENTRY_GROUPS.employed)} THEN 'employed'
    ELSE 'unknown' END`;
  // A second labourMarketStatus row for the unemployed: long-term, or not known to be either.
  const longTerm = `CASE WHEN ${inList('p.entry_status', ESF_ENTRY_GROUPS.unemployed)} THEN
    CASE WHEN p.entry_long_term_unemployed THEN 'long_term_unemployed'
      WHEN p.entry_long_term_unemployed IS NULL THEN 'long_term_unemployment_unknown' END END`;
  // One pass of grouping sets, one per dimension, over the first enrolment of each person; GROUPING() tells which
  // set a row belongs to (a bit per dimension column, in the order listed, the last column the lowest bit).
  const grouped = await sql.query<GroupedRow>(
    `WITH p AS (
      SELECT DISTINCT ON (${breakdown}, e.participant_id) ${breakdown} AS breakdown, e.record_key,
        e.entry_status, e.entry_long_term_unemployed, e.gender, e.age_band, e.education_band, e.newly_arrived
      FROM ${source}
      WHERE ${where} AND e.started_at >= ${from} AND e.started_at < ${to} AND NOT e.registration_error
      ORDER BY ${breakdown}, e.participant_id, e.started_at, e.enrolment_id
    ), d AS (
      SELECT p.breakdown, p.record_key, ${status} AS status, ${longTerm} AS long_term, p.gender, p.age_band,
        p.education_band, p.newly_arrived::text AS newly_arrived
      FROM p
    )
    SELECT breakdown, status, long_term, gender, age_band, education_band, newly_arrived,
      GROUPING(status, long_term, gender, age_band, education_band, newly_arrived) AS unused,
      count(*)::int AS n, sum(record_key)::text AS keys
    FROM d
    GROUP BY GROUPING SETS ((breakdown), (breakdown, status), (breakdown, long_term), (breakdown, gender),
      (breakdown, age_band), (breakdown, education_band), (breakdown, newly_arrived))
    ORDER BY breakdown`,
    params,
  );
  const counts = grouped.flatMap((row) => {
    // The one dimension column this row is grouped by: its bit is 0 in `unused`.
    const index = GROUPED_DIMENSIONS.findIndex(
      (_dimension, i) => (row.unused & (1 << (GROUPED_DIMENSIONS.length - 1 - i))) === 0,
    );
    if (index < 0) return [{ breakdown: row.breakdown, dimension: 'total', value: 'all', n: row.n, keys: row.keys }];
    const [dimension, column] = GROUPED_DIMENSIONS[index]!;
    const value = row[column];
    return value === null ? [] : [{ breakdown: row.breakdown, dimension, value, n: row.n, keys: row.keys }];
  });
  const byCell = new Map(
    counts.map((row): [string, Cell] => [
      `${row.breakdown}\u0000${row.dimension}\u0000${row.value}`,
      { count: Number(row.n), people: Number(row.n), keySum: row.keys },
    ]),
  );
  const EMPTY: Cell = { count: 0, people: 0, keySum: 0 };
  const breakdowns = filters.breakdown === undefined ? ['all'] : [...new Set(counts.map((row) => row.breakdown))];
  const rows: ReportRow[] = breakdowns.flatMap((each) => {
    const cell = (dimension: string, value: string): Cell => byCell.get(`${each}\u0000${dimension}\u0000${value}`) ?? EMPTY;
    const unemployed = cell('labourMarketStatus', 'unemployed').count;
    const unknown = cell('labourMarketStatus', 'long_term_unemployment_unknown').count;
    return DIMENSION_VALUES.flatMap(([dimension, values]) =>
      values.map((value) => {
        // Each participant is counted once per cell, so the count is the number of people.
        const count: Figure | typeof NOT_AVAILABLE =
          value === 'long_term_unemployed' && unknown > 0 && unknown === unemployed
            ? NOT_AVAILABLE
            : disclosure.count(cell(dimension, value));
        return { breakdown: each, dimension, value, count };
      }),
    );
  });
  return {
    report: 'entry-profile',
    filters,
    asOf: now.toISOString(),
    ...(tables.position !== undefined ? { position: tables.position } : {}),
    columns: ENTRY_PROFILE_COLUMNS,
    rows,
  };
}
