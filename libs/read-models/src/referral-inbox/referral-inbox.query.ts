import type { SqlClient } from '@samspar/event-store';
import { breakdownColumn, filterConditions } from '../reporting/report-filters';
import type { ReportFilters } from '../reporting/report-filters';
import type { Report, ReportRow } from '../reporting/report';
import { figure, isSuppressed, rate, statistic } from '../reporting/suppression';
import type { Count } from '../reporting/suppression';
import type { ReportTables } from '../runner/read-models.service';
import { scopeOrganisations } from '../caseload/scope-organisations';
import { daysBetween, referralColumns } from './referral-columns';

type Sql = Pick<SqlClient, 'query'>;

/** Age bands of an unanswered referral, in whole days since it was sent. */
export const INBOX_AGE_BANDS = [
  { column: 'age0To7', label: '0-7', max: 7 },
  { column: 'age8To14', label: '8-14', max: 14 },
  { column: 'age15To30', label: '15-30', max: 30 },
  { column: 'ageOver30', label: '>30', max: Infinity },
] as const;

export const REFERRAL_STATES = ['sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const;

// Aliases are quoted: report columns are camelCase, which PostgreSQL would fold to lower case.
const people = (alias: string, condition = 'true'): string =>
  `count(*) FILTER (WHERE ${condition})::int AS "${alias}", count(DISTINCT r.participant_id) FILTER (WHERE ${condition})::int AS "${alias}_people"`;
const cell = (row: Record<string, unknown>, alias: string): Count => ({
  count: Number(row[alias] ?? 0),
  people: Number(row[`${alias}_people`] ?? 0),
});

interface Grouped {
  readonly organisation_id: string;
  readonly breakdown: string;
  readonly [column: string]: unknown;
}

/**
 * Rows per organisation (and breakdown value), with a row for every organisation in scope when there is no
 * breakdown, so that an empty inbox reads `suppressed` like any small cell.
 */
async function perOrganisation(
  sql: Sql,
  tables: ReportTables,
  filters: ReportFilters,
  grouped: readonly Grouped[],
  cells: (row: Record<string, unknown>) => ReportRow,
): Promise<ReportRow[]> {
  const organisations = await scopeOrganisations(sql, tables, filters);
  const byKey = new Map(grouped.map((row) => [`${row.organisation_id}/${row.breakdown}`, row]));
  const keys =
    filters.breakdown === undefined
      ? organisations.map((each) => `${each.organisation_id}/all`)
      : [...byKey.keys()].filter((key) => organisations.some((each) => key.startsWith(`${each.organisation_id}/`)));
  const nameOf = new Map(organisations.map((each) => [each.organisation_id, each.name]));
  return keys
    .map((key) => {
      const row = byKey.get(key) ?? {};
      const [organisationId, ...rest] = key.split('/');
      return {
        organisationId: organisationId!,
        organisationName: nameOf.get(organisationId!) ?? null,
        ...(filters.breakdown === undefined ? {} : { [filters.breakdown]: rest.join('/') }),
        ...cells(row),
      };
    })
    .sort(
      (a, b) =>
        String(a.organisationName).localeCompare(String(b.organisationName)) ||
        String(a.organisationId).localeCompare(String(b.organisationId)),
    );
}

const groupColumns = (filters: ReportFilters): string[] => [
  'organisationId',
  'organisationName',
  ...(filters.breakdown ? [filters.breakdown] : []),
];

/**
 * The receiving organisations' inboxes now (or as of `now`): referrals still `sent`, how many are past the
 * receiver's deadline, and how old they are. The period is not used: an inbox is a state, not a flow.
 */
export async function referralInboxReport(sql: Sql, tables: ReportTables, filters: ReportFilters, now: Date): Promise<Report> {
  const columns = referralColumns('to');
  const params: unknown[] = [now.toISOString()];
  const conditions = filterConditions(filters, columns, params);
  const age = `floor(${daysBetween('r.sent_at', '$1::timestamptz')})`;
  const grouped = await sql.query<Grouped>(
    `SELECT r.to_organisation_id AS organisation_id, ${breakdownColumn(filters, columns)} AS breakdown,
            ${people('unanswered')},
            ${people('overdue', 'r.deadline_at < $1::timestamptz')},
            ${INBOX_AGE_BANDS.map((band, i) => people(band.column, `${age} > ${i === 0 ? -1 : INBOX_AGE_BANDS[i - 1]!.max}${Number.isFinite(band.max) ? ` AND ${age} <= ${band.max}` : ''}`)).join(',\n')},
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${daysBetween('r.sent_at', '$1::timestamptz')})::float8 AS median_age_days,
            max(${age})::int AS max_age_days
       FROM ${tables.journeys}.referrals r
       LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = r.to_organisation_id
      WHERE r.status = 'sent' AND r.sent_at <= $1::timestamptz AND ${conditions.join(' AND ')}
      GROUP BY 1, 2`,
    params,
  );
  const rows = await perOrganisation(sql, tables, filters, grouped, (row) => {
    const unanswered = cell(row, 'unanswered');
    const maxAge = row['max_age_days'] as number | null | undefined;
    return {
      unanswered: figure(unanswered),
      overdue: figure(cell(row, 'overdue')),
      overdueShare: rate(cell(row, 'overdue'), unanswered),
      medianAgeDays: statistic((row['median_age_days'] as number | null | undefined) ?? null, unanswered.people),
      ...Object.fromEntries(INBOX_AGE_BANDS.map((band) => [band.column, figure(cell(row, band.column))])),
      // The oldest referral only as its band, and only behind enough people: an exact maximum points at one person.
      oldestAgeBand: isSuppressed(unanswered)
        ? 'suppressed'
        : (INBOX_AGE_BANDS.find((band) => (maxAge ?? 0) <= band.max)?.label ?? null),
    };
  });
  return {
    report: 'referral-inbox',
    filters,
    asOf: now.toISOString(),
    position: tables.position,
    columns: [
      ...groupColumns(filters),
      'unanswered',
      'overdue',
      'overdueShare',
      'medianAgeDays',
      ...INBOX_AGE_BANDS.map((band) => band.column),
      'oldestAgeBand',
    ],
    rows,
  };
}

/** The sending organisations' outboxes: referrals sent in the period, by the state they are in now. */
export async function referralOutboxReport(sql: Sql, tables: ReportTables, filters: ReportFilters, now: Date): Promise<Report> {
  const columns = referralColumns('from');
  const params: unknown[] = [now.toISOString(), filters.from, filters.to];
  const conditions = filterConditions(filters, columns, params);
  const grouped = await sql.query<Grouped>(
    `SELECT r.from_organisation_id AS organisation_id, ${breakdownColumn(filters, columns)} AS breakdown,
            ${people('total')},
            ${REFERRAL_STATES.map((state) => people(state, `r.status = '${state}'`)).join(',\n')}
       FROM ${tables.journeys}.referrals r
       LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = r.from_organisation_id
      WHERE r.sent_at >= $2::timestamptz AND r.sent_at < $3::timestamptz AND r.sent_at <= $1::timestamptz AND ${conditions.join(' AND ')}
      GROUP BY 1, 2`,
    params,
  );
  const rows = await perOrganisation(sql, tables, filters, grouped, (row) => ({
    sent: figure(cell(row, 'total')),
    ...Object.fromEntries(REFERRAL_STATES.map((state) => [state === 'sent' ? 'pending' : state, figure(cell(row, state))])),
  }));
  return {
    report: 'referral-outbox',
    filters,
    asOf: now.toISOString(),
    position: tables.position,
    columns: [...groupColumns(filters), 'sent', 'pending', 'accepted', 'declined', 'withdrawn', 'expired'],
    rows,
  };
}

// ---- What a caseworker acts on -------------------------------------------------------------

export interface InboxReferral {
  readonly referralId: string;
  /** Null for a participant with skyddade personuppgifter, unless the caseworker holds that permission. */
  readonly participantId: string | null;
  readonly protectedIdentity: boolean;
  readonly fromOrganisationId: string;
  readonly fromOrganisationName: string | null;
  readonly sentAt: string;
  readonly ageDays: number;
  readonly deadlineAt: string;
  readonly overdue: boolean;
  readonly suggestedTrackId: string | null;
  readonly suggestedTrackName: string | null;
}

export interface OutboxReferral {
  readonly referralId: string;
  readonly participantId: string | null;
  readonly protectedIdentity: boolean;
  readonly toOrganisationId: string;
  readonly toOrganisationName: string | null;
  readonly status: (typeof REFERRAL_STATES)[number];
  readonly sentAt: string;
  readonly deadlineAt: string;
  readonly overdue: boolean;
  readonly answeredAt: string | null;
  readonly declineReason: string | null;
  readonly firstInterventionAt: string | null;
}

export interface ReferralList<Item> {
  readonly organisationId: string;
  readonly asOf: string;
  readonly position?: string;
  readonly referrals: readonly Item[];
}

export interface ListOptions {
  /** The caseworker may see participants with skyddade personuppgifter. */
  readonly protectedIdentity: boolean;
  readonly limit?: number;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const DAY_MS = 86_400_000;

interface ListRow {
  referral_id: string;
  participant_id: string;
  protected_identity: boolean | null;
  organisation_id: string;
  organisation_name: string | null;
  status: (typeof REFERRAL_STATES)[number];
  sent_at: Date;
  deadline_at: Date;
  answered_at: Date | null;
  decline_reason: string | null;
  first_intervention_at: Date | null;
  suggested_track_id: string | null;
  suggested_track_name: string | null;
}

async function listRows(
  sql: Sql,
  tables: ReportTables,
  side: 'to' | 'from',
  organisationId: string,
  now: Date,
  where: string,
  limit: number,
) {
  const other = side === 'to' ? 'from' : 'to';
  return sql.query<ListRow>(
    `SELECT r.referral_id, r.participant_id, p.protected_identity, r.${other}_organisation_id AS organisation_id,
            o.name AS organisation_name, r.status, r.sent_at, r.deadline_at, r.answered_at, r.decline_reason,
            r.first_intervention_at, r.suggested_track_id, t.name AS suggested_track_name
       FROM ${tables.journeys}.referrals r
       LEFT JOIN ${tables.journeys}.participants p ON p.participant_id = r.participant_id
       LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = r.${other}_organisation_id
       LEFT JOIN ${tables.catalogue}.tracks t ON t.track_id = r.suggested_track_id
      WHERE r.${side}_organisation_id = $1::uuid AND r.sent_at <= $2::timestamptz AND ${where}
      ORDER BY ${side === 'to' ? 'r.sent_at ASC' : 'r.sent_at DESC'}, r.referral_id
      LIMIT ${Math.trunc(limit)}`,
    [organisationId, now.toISOString()],
  );
}

const participantOf = (row: ListRow, options: ListOptions): string | null =>
  row.protected_identity === true && !options.protectedIdentity ? null : row.participant_id;

/** The referrals sent to `organisationId` that it has not answered, oldest first: what its caseworkers act on. */
export async function inboxReferrals(
  sql: Sql,
  tables: ReportTables,
  organisationId: string,
  now: Date,
  options: ListOptions,
): Promise<ReferralList<InboxReferral>> {
  const rows = await listRows(sql, tables, 'to', organisationId, now, `r.status = 'sent'`, options.limit ?? 1000);
  return {
    organisationId,
    asOf: now.toISOString(),
    position: tables.position,
    referrals: rows.map((row) => ({
      referralId: row.referral_id,
      participantId: participantOf(row, options),
      protectedIdentity: row.protected_identity === true,
      fromOrganisationId: row.organisation_id,
      fromOrganisationName: row.organisation_name,
      sentAt: iso(row.sent_at)!,
      ageDays: Math.floor((now.getTime() - row.sent_at.getTime()) / DAY_MS),
      deadlineAt: iso(row.deadline_at)!,
      overdue: row.deadline_at.getTime() < now.getTime(),
      suggestedTrackId: row.suggested_track_id,
      suggestedTrackName: row.suggested_track_name,
    })),
  };
}

/** The referrals `organisationId` sent, newest first, with the state each is in: the sender learns every outcome. */
export async function outboxReferrals(
  sql: Sql,
  tables: ReportTables,
  organisationId: string,
  now: Date,
  options: ListOptions & { readonly status?: (typeof REFERRAL_STATES)[number] },
): Promise<ReferralList<OutboxReferral>> {
  const where =
    options.status === undefined ? 'true' : `r.status = '${REFERRAL_STATES.find((state) => state === options.status)}'`;
  const rows = await listRows(sql, tables, 'from', organisationId, now, where, options.limit ?? 200);
  return {
    organisationId,
    asOf: now.toISOString(),
    position: tables.position,
    referrals: rows.map((row) => ({
      referralId: row.referral_id,
      participantId: participantOf(row, options),
      protectedIdentity: row.protected_identity === true,
      toOrganisationId: row.organisation_id,
      toOrganisationName: row.organisation_name,
      status: row.status,
      sentAt: iso(row.sent_at)!,
      deadlineAt: iso(row.deadline_at)!,
      overdue: row.status === 'sent' && row.deadline_at.getTime() < now.getTime(),
      answeredAt: iso(row.answered_at),
      declineReason: row.decline_reason,
      firstInterventionAt: iso(row.first_intervention_at),
    })),
  };
}
