import type { SqlClient } from '@samspar/event-store';
import { DECLINE_REASONS } from '@samspar/journeys';
import { breakdownColumn, filterConditions } from '../reporting/report-filters';
import type { ReportFilters } from '../reporting/report-filters';
import type { Report, ReportRow } from '../reporting/report';
import { PUBLISHED } from '../reporting/disclosure';
import type { Cell, Disclosure } from '../reporting/disclosure';
import type { ReportTables } from '../runner/read-models.service';
import { scopeOrganisations } from '../caseload/scope-organisations';
import { daysBetween, referralColumns } from '../referral-inbox/referral-columns';

type Sql = Pick<SqlClient, 'query'>;

// Aliases are quoted: report columns are camelCase, which PostgreSQL would fold to lower case. Each row is one
// referral (the organisation join is one to one), so the key sum is over the referrals counted.
const counted = (alias: string, condition = 'true'): string =>
  `count(DISTINCT r.referral_id) FILTER (WHERE ${condition})::int AS "${alias}",
   count(DISTINCT r.participant_id) FILTER (WHERE ${condition})::int AS "${alias}_people",
   coalesce(sum(r.record_key) FILTER (WHERE ${condition}), 0)::text AS "${alias}_keys"`;
const cell = (row: Record<string, unknown>, alias: string): Cell => ({
  count: Number(row[alias] ?? 0),
  people: Number(row[`${alias}_people`] ?? 0),
  keySum: String(row[`${alias}_keys`] ?? '0'),
});
const median = (expression: string, condition: string): string =>
  `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expression}) FILTER (WHERE ${condition})`;

/** `declinedNoCapacity` for `no_capacity`: a decline reason as a camelCase column. */
export const declinedColumn = (reason: string): string =>
  `declined${reason.replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase())}`;

// The state each referral received in the period is in now; `sent` is still pending.
const OUTCOMES: ReadonlyArray<readonly [column: string, condition: string]> = [
  ['accepted', `r.status = 'accepted'`],
  ['declined', `r.status = 'declined'`],
  ...DECLINE_REASONS.map(
    (reason) => [declinedColumn(reason), `r.status = 'declined' AND r.decline_reason = '${reason}'`] as const,
  ),
  ['withdrawn', `r.status = 'withdrawn'`],
  ['expired', `r.status = 'expired'`],
  ['pending', `r.status = 'sent'`],
];
// Only the receiver answers: a withdrawal (by the sender) or an expiry is no answer.
const ANSWERED = `r.status IN ('accepted', 'declined') AND r.answered_at <= $1::timestamptz`;
const STARTED = `r.first_intervention_at <= $1::timestamptz`;

/** Period conditions: sent in [from, to), and not after `now` (the as-of instant). $1 is now, $2 from, $3 to. */
const SENT_IN_PERIOD = `r.sent_at >= $2::timestamptz AND r.sent_at < $3::timestamptz AND r.sent_at <= $1::timestamptz`;

/**
 * Referrals received in the period, per receiving organisation in scope: how they were answered (shares of
 * those received), the median days to an answer, and the median wait from sent to the first intervention
 * started at the receiver.
 */
export async function referralsReceivedReport(
  sql: Sql,
  tables: ReportTables,
  filters: ReportFilters,
  now: Date,
  { count: figure, rate, statistic }: Disclosure = PUBLISHED,
): Promise<Report> {
  const columns = referralColumns('to');
  const params: unknown[] = [now.toISOString(), filters.from, filters.to];
  const conditions = filterConditions(filters, columns, params);
  const grouped = await sql.query<Record<string, unknown>>(
    `SELECT r.to_organisation_id AS organisation_id, ${breakdownColumn(filters, columns)} AS breakdown,
            ${counted('received')},
            ${OUTCOMES.map(([column, condition]) => counted(column, condition)).join(',\n')},
            ${counted('answered', ANSWERED)},
            ${counted('started', STARTED)},
            ${median(daysBetween('r.sent_at', 'r.answered_at'), ANSWERED)}::float8 AS median_days_to_answer,
            ${median(daysBetween('r.sent_at', 'r.first_intervention_at'), STARTED)}::float8 AS median_days_to_first_intervention
       FROM ${tables.journeys}.referrals r
       LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = r.to_organisation_id
      WHERE ${SENT_IN_PERIOD} AND ${conditions.join(' AND ')}
      GROUP BY 1, 2`,
    params,
  );
  const organisations = await scopeOrganisations(sql, tables, filters);
  const nameOf = new Map(organisations.map((each) => [each.organisation_id, each.name]));
  // Every organisation in scope has a row without a breakdown, so that none is told apart by its absence.
  const rowsWithData =
    filters.breakdown === undefined
      ? organisations.map(
          (each) =>
            grouped.find((row) => row['organisation_id'] === each.organisation_id) ?? { organisation_id: each.organisation_id },
        )
      : grouped.filter((row) => nameOf.has(String(row['organisation_id'])));
  const rows: ReportRow[] = rowsWithData.map((row) => {
    const received = cell(row, 'received');
    return {
      organisationId: String(row['organisation_id']),
      organisationName: nameOf.get(String(row['organisation_id'])) ?? null,
      ...(filters.breakdown === undefined ? {} : { [filters.breakdown]: row['breakdown'] as string }),
      received: figure(received),
      ...Object.fromEntries(
        OUTCOMES.flatMap(([column]) => [
          [column, figure(cell(row, column))],
          [`${column}Share`, rate(cell(row, column), received)],
        ]),
      ),
      medianDaysToAnswer: statistic((row['median_days_to_answer'] as number | null | undefined) ?? null, cell(row, 'answered')),
      medianDaysToFirstIntervention: statistic(
        (row['median_days_to_first_intervention'] as number | null | undefined) ?? null,
        cell(row, 'started'),
      ),
    };
  });
  const breakdown = filters.breakdown ?? 'organisationId';
  rows.sort(
    (a, b) =>
      String(a['organisationName']).localeCompare(String(b['organisationName'])) ||
      String(a[breakdown]).localeCompare(String(b[breakdown])),
  );
  return {
    report: 'referrals-received',
    filters,
    asOf: now.toISOString(),
    position: tables.position,
    columns: [
      'organisationId',
      'organisationName',
      ...(filters.breakdown ? [filters.breakdown] : []),
      ...REFERRALS_RECEIVED_MEASURES,
    ],
    rows,
  };
}

/** The figures of the referrals-received report, after its organisation (and breakdown) columns. */
export const REFERRALS_RECEIVED_MEASURES: readonly string[] = [
  'received',
  ...OUTCOMES.flatMap(([column]) => [column, `${column}Share`]),
  'medianDaysToAnswer',
  'medianDaysToFirstIntervention',
];

export const FLOW_COLUMNS = [
  'level',
  'fromKind',
  'toKind',
  'fromOrganisationId',
  'fromOrganisationName',
  'toOrganisationId',
  'toOrganisationName',
  'referrals',
] as const;

interface FlowRow {
  from_organisation_id: string;
  to_organisation_id: string;
  from_kind: string | null;
  to_kind: string | null;
  from_name: string | null;
  to_name: string | null;
  kind_level: boolean;
  referrals: number;
  referrals_people: number;
  referrals_keys: string;
}

/**
 * Referrals sent in the period from kind to kind and from organisation to organisation, for a Sankey diagram.
 * A referral counts when its sender or its receiver is in scope: both took part in it, so each may see it.
 */
export async function referralFlowsReport(
  sql: Sql,
  tables: ReportTables,
  filters: ReportFilters,
  now: Date,
  disclosure: Disclosure = PUBLISHED,
): Promise<Report> {
  breakdownColumn(filters, {}); // the flows are the breakdown
  const columns = { ...referralColumns('to'), organisation: 'side.organisation_id' };
  const params: unknown[] = [now.toISOString(), filters.from, filters.to];
  const conditions = filterConditions(filters, columns, params);
  const flows = await sql.query<FlowRow>(
    `WITH flows AS (
       SELECT DISTINCT r.referral_id, r.participant_id, r.record_key, r.from_organisation_id, r.to_organisation_id
         FROM ${tables.journeys}.referrals r
        CROSS JOIN LATERAL (VALUES (r.from_organisation_id), (r.to_organisation_id)) AS side(organisation_id)
         LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = side.organisation_id
        WHERE ${SENT_IN_PERIOD} AND ${conditions.join(' AND ')}
     )
     SELECT f.from_organisation_id, f.to_organisation_id, fo.kind AS from_kind, tor.kind AS to_kind,
            fo.name AS from_name, tor.name AS to_name, GROUPING(f.from_organisation_id) = 1 AS kind_level,
            count(DISTINCT f.referral_id)::int AS referrals, count(DISTINCT f.participant_id)::int AS referrals_people,
            sum(f.record_key)::text AS referrals_keys
       FROM flows f
       LEFT JOIN ${tables.catalogue}.organisations fo ON fo.organisation_id = f.from_organisation_id
       LEFT JOIN ${tables.catalogue}.organisations tor ON tor.organisation_id = f.to_organisation_id
      GROUP BY GROUPING SETS (
        (fo.kind, tor.kind),
        (fo.kind, tor.kind, f.from_organisation_id, f.to_organisation_id, fo.name, tor.name)
      )`,
    params,
  );
  const rows: ReportRow[] = flows
    .map((row) => ({
      level: row.kind_level ? 'kind' : 'organisation',
      fromKind: row.from_kind ?? 'unknown',
      toKind: row.to_kind ?? 'unknown',
      fromOrganisationId: row.kind_level ? null : row.from_organisation_id,
      fromOrganisationName: row.kind_level ? null : row.from_name,
      toOrganisationId: row.kind_level ? null : row.to_organisation_id,
      toOrganisationName: row.kind_level ? null : row.to_name,
      referrals: disclosure.count({ count: row.referrals, people: row.referrals_people, keySum: row.referrals_keys }),
    }))
    .sort(
      (a, b) =>
        a.level.localeCompare(b.level) ||
        a.fromKind.localeCompare(b.fromKind) ||
        a.toKind.localeCompare(b.toKind) ||
        String(a.fromOrganisationName).localeCompare(String(b.fromOrganisationName)) ||
        String(a.toOrganisationName).localeCompare(String(b.toOrganisationName)),
    );
  return { report: 'referral-flows', filters, asOf: now.toISOString(), position: tables.position, columns: FLOW_COLUMNS, rows };
}
