import { LABOUR_MARKET_STATUSES } from '@samspar/journeys';
import type { Report, ReportRow } from '../reporting/report';
import type { ReportFilters } from '../reporting/report-filters';
import { PUBLISHED } from '../reporting/disclosure';
import type { Cell, Disclosure } from '../reporting/disclosure';
import { enrolmentScope } from './enrolment-scope';
import type { ReportSchemas, SqlQuery } from './enrolment-scope';
import { ESF_IMMEDIATE_GROUPS, inList } from './esf-groups';

const WORK_OR_STUDIES = `('work', 'studies')`;

/**
 * Each count of the report as a condition on one enrolment row of `f` (see the query). Every outcome figure
 * reads the cohort: enrolments that ended in the period (Kolada). A journey closed as a registration error never
 * happened, so its enrolments are left out of every count alike, started and ended included.
 */
const MEASURES = {
  started: 'started',
  activeAtTo: 'active',
  ended: 'ended',
  cohort: 'cohort',
  workOrStudiesAtExit: `cohort AND exit_outcome IN ${WORK_OR_STUDIES}`,
  immediateEmployed: `cohort AND ${inList('immediate_status', ESF_IMMEDIATE_GROUPS.employed)}`,
  immediateEducation: `cohort AND ${inList('immediate_status', ESF_IMMEDIATE_GROUPS.education)}`,
  immediateJobSeeking: `cohort AND ${inList('immediate_status', ESF_IMMEDIATE_GROUPS.jobSeeking)}`,
  immediateInactive: `cohort AND ${inList('immediate_status', ESF_IMMEDIATE_GROUPS.inactive)}`,
  immediateUnknown: `cohort AND (immediate_status IS NULL OR immediate_status = 'unknown')`,
  followUp90dDue: 'due_90d',
  // A follow-up of `unknown` tells neither success nor failure: it counts as not followed up.
  followUp90dRecorded: `due_90d AND follow_up_90d_status <> 'unknown'`,
  workOrStudies90d: `due_90d AND follow_up_90d_outcome IN ${WORK_OR_STUDIES}`,
  followUp6mDue: 'due_6m',
  followUp6mRecorded: `due_6m AND follow_up_6m_status <> 'unknown'`,
  workOrStudies6m: `due_6m AND follow_up_6m_outcome IN ${WORK_OR_STUDIES}`,
  leftToWork6mDue: 'work_due_6m',
  fellBack6m: `work_due_6m AND fell_back_at <= ended_at + interval '6 months'`,
  leftToWork12mDue: 'work_due_12m',
  fellBack12m: `work_due_12m AND fell_back_at <= ended_at + interval '12 months'`,
} as const;
type Measure = keyof typeof MEASURES;
const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];

/** The columns of the outcomes report, in order; rates are shares in [0, 1]. */
export const OUTCOMES_COLUMNS = [
  'trackId',
  'trackName',
  'trackKind',
  'breakdown',
  'started',
  'activeAtTo',
  'ended',
  'exitCohort',
  'workOrStudiesAtExit',
  'workOrStudiesAtExitRate',
  'immediateEmployed',
  'immediateEmployedRate',
  'immediateEducation',
  'immediateEducationRate',
  'immediateJobSeeking',
  'immediateJobSeekingRate',
  'immediateInactive',
  'immediateInactiveRate',
  'immediateUnknown',
  'followUp90dDue',
  'followUp90dRecorded',
  'followUp90dCoverage',
  'workOrStudies90d',
  'workOrStudies90dRate',
  'followUp6mDue',
  'followUp6mRecorded',
  'followUp6mCoverage',
  'workOrStudies6m',
  'workOrStudies6mRate',
  'daysInTrackMedian',
  'daysInTrackP75',
  'leftToWork6mDue',
  'fellBack6m',
  'fellBack6mRate',
  'leftToWork12mDue',
  'fellBack12m',
  'fellBack12mRate',
] as const;

type Row = Record<string, string | number | null>;

/**
 * Outcomes per track (metrics.md), one row per track and breakdown value, in one statement: the enrolments of
 * the scope that touch the period, flagged once, counted per participant and then per cell, so that every
 * count comes with its number of distinct people for suppression.
 */
export async function outcomesReport(
  sql: SqlQuery,
  tables: ReportSchemas,
  filters: ReportFilters,
  now: Date,
  disclosure: Disclosure = PUBLISHED,
): Promise<Report> {
  const { params, from, to, cut, asOf, source, where, breakdown } = enrolmentScope(tables, filters, now);
  const cohort = `e.ended_at >= ${from} AND e.ended_at < ${to}`;
  const j = tables.journeys;
  const c = tables.catalogue;
  const perPerson = MEASURE_NAMES.map((name) => `count(*) FILTER (WHERE ${MEASURES[name]})::int AS "${name}"`).join(',\n      ');
  // A cell's key sums the record key of every enrolment it counts (each carries its participant's).
  const perCell = MEASURE_NAMES.map(
    (name) =>
      `sum("${name}")::int AS "${name}", (count(*) FILTER (WHERE "${name}" > 0))::int AS "${name}_people", sum("${name}" * record_key)::text AS "${name}_keys"`,
  ).join(',\n      ');
  const rows = await sql.query<Row>(
    `WITH e AS MATERIALIZED (
      SELECT e.enrolment_id, e.participant_id, e.record_key, e.track_id, ${breakdown} AS breakdown, e.started_at, e.ended_at,
        e.exit_outcome, e.immediate_status, e.follow_up_90d_status, e.follow_up_90d_outcome,
        e.follow_up_6m_status, e.follow_up_6m_outcome,
        e.fall_back_income_at, e.fall_back_referral_from, e.fall_back_referral_at,
        (e.started_at >= ${from} AND e.started_at < ${to}) AS started,
        (e.ended_at >= ${from} AND e.ended_at < ${to}) AS ended,
        (${cohort}) AS cohort,
        -- Active: not ended, and not in a journey closed on a death, which (like a registration error, left
        -- out below) leaves an enrolment running: any other closing needs the enrolment ended first.
        (e.started_at < ${cut} AND (e.ended_at IS NULL OR e.ended_at >= ${cut})
          AND e.journey_id NOT IN (SELECT journey_id FROM ${j}.journeys WHERE closing_reason = 'deceased' AND closed_at <= ${cut})
        ) AS active,
        (${cohort} AND e.ended_at + interval '90 days' <= ${cut}) AS due_90d,
        (${cohort} AND e.ended_at + interval '6 months' <= ${cut}) AS due_6m,
        -- Fall-back follows the cohort past \`to\`, up to now: with a cut at \`to\` a one-year period would
        -- never have a 12-month figure.
        (${cohort} AND e.exit_outcome = 'work' AND e.ended_at + interval '6 months' <= ${asOf}) AS work_due_6m,
        (${cohort} AND e.exit_outcome = 'work' AND e.ended_at + interval '12 months' <= ${asOf}) AS work_due_12m
      FROM ${source}
      WHERE ${where} AND NOT e.registration_error
        AND e.started_at < ${to} AND (e.ended_at IS NULL OR e.ended_at >= least(${from}, ${cut}))
    ),
    -- Connect: the first sign of falling back within 12 months of leaving to work, for those who left to work long
    -- enough ago, from what the projector kept on the row: income support, or a referral from social services.
    f AS (
      SELECT e.*, CASE WHEN e.work_due_6m THEN least(
          (SELECT min(t) FROM unnest(e.fall_back_income_at) t WHERE t <= e.ended_at + interval '12 months'),
          (SELECT min(x.at) FROM unnest(e.fall_back_referral_from, e.fall_back_referral_at) x(org, at)
            WHERE x.at <= e.ended_at + interval '12 months' AND x.org = ANY (ss.ids))
        ) END AS fell_back_at
      FROM e CROSS JOIN (SELECT ARRAY(SELECT organisation_id FROM ${c}.organisations WHERE kind = 'social_services') AS ids) ss
    ),
    per_person AS (
      SELECT track_id, breakdown, participant_id, min(record_key) AS record_key,
      ${perPerson}
      FROM f GROUP BY track_id, breakdown, participant_id
    ),
    cells AS (
      SELECT track_id, breakdown,
      ${perCell}
      FROM per_person GROUP BY track_id, breakdown
    ),
    durations AS (
      SELECT track_id, breakdown,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at) / 86400) AS median_days,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at) / 86400) AS p75_days
      FROM e WHERE cohort GROUP BY track_id, breakdown
    )
    SELECT cells.*, t.name AS track_name, t.kind AS track_kind, d.median_days::float8 AS median_days, d.p75_days::float8 AS p75_days
    FROM cells
    LEFT JOIN durations d ON d.track_id = cells.track_id AND d.breakdown = cells.breakdown
    LEFT JOIN ${c}.tracks t ON t.track_id = cells.track_id
    ORDER BY t.name, cells.track_id, cells.breakdown`,
    params,
  );
  return {
    report: 'outcomes',
    filters,
    asOf: now.toISOString(),
    ...(tables.position !== undefined ? { position: tables.position } : {}),
    columns: OUTCOMES_COLUMNS,
    rows: rows.map((row) => outcomeRow(row, disclosure)),
  };
}

function outcomeRow(row: Row, { count: figure, rate, statistic }: Disclosure): ReportRow {
  const n = (name: Measure): Cell => ({
    count: Number(row[name]),
    people: Number(row[`${name}_people`]),
    keySum: row[`${name}_keys`] ?? 0,
  });
  return {
    trackId: row['track_id'] as string,
    trackName: (row['track_name'] as string | null) ?? null,
    trackKind: (row['track_kind'] as string | null) ?? null,
    breakdown: row['breakdown'] as string,
    started: figure(n('started')),
    activeAtTo: figure(n('activeAtTo')),
    ended: figure(n('ended')),
    exitCohort: figure(n('cohort')),
    workOrStudiesAtExit: figure(n('workOrStudiesAtExit')),
    workOrStudiesAtExitRate: rate(n('workOrStudiesAtExit'), n('cohort')),
    immediateEmployed: figure(n('immediateEmployed')),
    immediateEmployedRate: rate(n('immediateEmployed'), n('cohort')),
    immediateEducation: figure(n('immediateEducation')),
    immediateEducationRate: rate(n('immediateEducation'), n('cohort')),
    immediateJobSeeking: figure(n('immediateJobSeeking')),
    immediateJobSeekingRate: rate(n('immediateJobSeeking'), n('cohort')),
    immediateInactive: figure(n('immediateInactive')),
    immediateInactiveRate: rate(n('immediateInactive'), n('cohort')),
    immediateUnknown: figure(n('immediateUnknown')),
    followUp90dDue: figure(n('followUp90dDue')),
    followUp90dRecorded: figure(n('followUp90dRecorded')),
    followUp90dCoverage: rate(n('followUp90dRecorded'), n('followUp90dDue')),
    workOrStudies90d: figure(n('workOrStudies90d')),
    // Among those followed up: a missing follow-up is neither success nor failure.
    workOrStudies90dRate: rate(n('workOrStudies90d'), n('followUp90dRecorded')),
    followUp6mDue: figure(n('followUp6mDue')),
    followUp6mRecorded: figure(n('followUp6mRecorded')),
    followUp6mCoverage: rate(n('followUp6mRecorded'), n('followUp6mDue')),
    workOrStudies6m: figure(n('workOrStudies6m')),
    workOrStudies6mRate: rate(n('workOrStudies6m'), n('followUp6mRecorded')),
    daysInTrackMedian: statistic(row['median_days'] as number | null, n('cohort')),
    daysInTrackP75: statistic(row['p75_days'] as number | null, n('cohort')),
    leftToWork6mDue: figure(n('leftToWork6mDue')),
    fellBack6m: figure(n('fellBack6m')),
    fellBack6mRate: rate(n('fellBack6m'), n('leftToWork6mDue')),
    leftToWork12mDue: figure(n('leftToWork12mDue')),
    fellBack12m: figure(n('fellBack12m')),
    fellBack12mRate: rate(n('fellBack12m'), n('leftToWork12mDue')),
  };
}

/** Entry and exit statuses of the transition matrix: the vocabulary, and `not_recorded`. */
export const TRANSITION_STATUSES: readonly string[] = [...LABOUR_MARKET_STATUSES, 'not_recorded'];
export const TRANSITIONS_COLUMNS = [
  'trackId',
  'trackName',
  'trackKind',
  'breakdown',
  'entryStatus',
  'exitStatus',
  'count',
] as const;

/**
 * The SUS transition matrix: the cohort (ended in the period, less registration errors) by status at entry ×
 * status at exit. Only cells of 5 people or more are given: a cell left out counts fewer, none included, so a
 * suppressed cell still cannot be told from an empty one, and 169 mostly empty cells per track are not sent.
 */
export async function transitionsReport(
  sql: SqlQuery,
  tables: ReportSchemas,
  filters: ReportFilters,
  now: Date,
  disclosure: Disclosure = PUBLISHED,
): Promise<Report> {
  const { params, from, to, source, where, breakdown } = enrolmentScope(tables, filters, now);
  // Only the cells that hold someone come from the database, each (track, breakdown) group in report order; the
  // other cells of a group's 13 × 13 are zero. People are counted per person first, so both levels hash instead
  // of sorting (count(DISTINCT) sorted every enrolment, and the 169-cell cross join cost more than the counting).
  const cells = await sql.query<Row>(
    `WITH e AS MATERIALIZED (
      SELECT e.track_id, ${breakdown} AS breakdown, e.participant_id, e.record_key,
        coalesce(e.entry_status, 'not_recorded') AS entry_status, coalesce(e.exit_status, 'not_recorded') AS exit_status
      FROM ${source}
      WHERE ${where} AND e.ended_at >= ${from} AND e.ended_at < ${to} AND NOT e.registration_error
    ),
    per_person AS (
      SELECT track_id, breakdown, entry_status, exit_status, participant_id, count(*) AS n, sum(record_key) AS keys
      FROM e GROUP BY track_id, breakdown, entry_status, exit_status, participant_id
    ),
    cells AS (
      SELECT track_id, breakdown, entry_status, exit_status, sum(n)::int AS n, count(*)::int AS people,
        sum(keys)::text AS keys
      FROM per_person GROUP BY track_id, breakdown, entry_status, exit_status
    )
    SELECT c.track_id, t.name AS track_name, t.kind AS track_kind, c.breakdown, c.entry_status, c.exit_status,
      c.n, c.people, c.keys
    FROM cells c
    LEFT JOIN ${tables.catalogue}.tracks t ON t.track_id = c.track_id
    ORDER BY t.name, c.track_id, c.breakdown`,
    params,
  );
  const groups = new Map<string, { first: Row; cells: Map<string, Row> }>();
  for (const cell of cells) {
    const group = `${String(cell['track_id'])}\u0000${String(cell['breakdown'])}`;
    let found = groups.get(group);
    if (!found) groups.set(group, (found = { first: cell, cells: new Map() }));
    found.cells.set(`${String(cell['entry_status'])}\u0000${String(cell['exit_status'])}`, cell);
  }
  const rows: ReportRow[] = [];
  for (const { first, cells: held } of groups.values()) {
    for (const entryStatus of TRANSITION_STATUSES) {
      for (const exitStatus of TRANSITION_STATUSES) {
        const cell = held.get(`${entryStatus}\u0000${exitStatus}`);
        const count = disclosure.count(
          cell
            ? { count: Number(cell['n']), people: Number(cell['people']), keySum: String(cell['keys']) }
            : { count: 0, people: 0, keySum: '0' },
        );
        if (count === 'suppressed') continue;
        rows.push({
          trackId: first['track_id'] as string,
          trackName: (first['track_name'] as string | null) ?? null,
          trackKind: (first['track_kind'] as string | null) ?? null,
          breakdown: first['breakdown'] as string,
          entryStatus,
          exitStatus,
          count,
        });
      }
    }
  }
  return {
    report: 'outcome-transitions',
    filters,
    asOf: now.toISOString(),
    ...(tables.position !== undefined ? { position: tables.position } : {}),
    columns: TRANSITIONS_COLUMNS,
    rows,
  };
}
