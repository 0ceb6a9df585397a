import { displayNames } from '@samspar/access';
import type { SqlClient } from '@samspar/event-store';
import { breakdownColumn, filterConditions } from '../reporting/report-filters';
import type { DimensionColumns, ReportFilters } from '../reporting/report-filters';
import type { Report, ReportRow } from '../reporting/report';
import { figure } from '../reporting/suppression';
import type { Count } from '../reporting/suppression';
import type { ReportTables } from '../runner/read-models.service';
import { scopeOrganisations } from './scope-organisations';

export const CASELOAD_GROUPS = ['organisation', 'unit', 'caseworker'] as const;
export type CaseloadGroup = (typeof CASELOAD_GROUPS)[number];

/** metrics.md: an open journey with no event for this long is idle. */
export const IDLE_AFTER_DAYS = 30;

export const CASELOAD_MEASURES = [
  'openJourneys',
  'activeEnrolments',
  'activeInterventions',
  'idleJourneys',
  'followUpsDue1m',
  'followUpsDue90d',
  'followUpsDue6m',
] as const;
const MEASURES = CASELOAD_MEASURES;
type Measure = (typeof MEASURES)[number];

export const CASELOAD_GROUP_COLUMNS: Record<CaseloadGroup, readonly string[]> = {
  organisation: ['organisationId', 'organisationName'],
  unit: ['organisationId', 'organisationName', 'unitId', 'unitName'],
  caseworker: ['organisationId', 'organisationName', 'caseworkerId', 'caseworkerName'],
};

// Every fact carries the journey's organisation, unit and caseworker; dimensions come from the participant.
const COLUMNS: DimensionColumns = {
  organisation: 'f.organisation_id',
  unit: 'f.unit_id',
  municipality: 'o.municipality_code',
  gender: 'p.gender',
  newlyArrived: 'p.newly_arrived',
  educationBand: 'p.education_band',
};

const due = (moment: string, interval: string): string =>
  `((e.ended_at + interval '${interval}' <= $1::timestamptz AND e.follow_up_${moment}_status IS NULL) IS TRUE)::int`;

/**
 * One row per journey, enrolment or intervention a caseload counts, with a 0/1 column per measure. `$1` is now.
 * Follow-up dates are exit + 1 month, 90 days and 6 months. A journey closed as a registration error never
 * happened: its enrolments and interventions, which such a closing may leave running, are neither active nor due.
 * Each table is read once, every measure it holds flagged on the same row.
 */
const facts = (s: string): string => `
  SELECT j.participant_id, j.organisation_id, j.unit_id, j.caseworker_id,
         1 AS "openJourneys",
         ((j.last_activity_at < $1::timestamptz - interval '${IDLE_AFTER_DAYS} days') IS TRUE)::int AS "idleJourneys",
         0 AS "activeEnrolments", 0 AS "activeInterventions",
         0 AS "followUpsDue1m", 0 AS "followUpsDue90d", 0 AS "followUpsDue6m"
    FROM ${s}.journeys j WHERE j.status = 'open' AND j.opened_at <= $1::timestamptz
  UNION ALL
  SELECT e.participant_id, e.organisation_id, e.unit_id, e.caseworker_id, 0, 0,
         (e.started_at <= $1::timestamptz AND (e.ended_at IS NULL OR e.ended_at > $1::timestamptz))::int, 0,
         ${due('1m', '1 month')}, ${due('90d', '90 days')}, ${due('6m', '6 months')}
    FROM ${s}.enrolments e
   WHERE NOT e.registration_error AND e.started_at <= $1::timestamptz
     AND ((e.ended_at IS NULL OR e.ended_at > $1::timestamptz)
       OR (e.ended_at + interval '1 month' <= $1::timestamptz AND e.follow_up_1m_status IS NULL)
       OR (e.ended_at + interval '90 days' <= $1::timestamptz AND e.follow_up_90d_status IS NULL)
       OR (e.ended_at + interval '6 months' <= $1::timestamptz AND e.follow_up_6m_status IS NULL))
  UNION ALL
  SELECT i.participant_id, i.organisation_id, j.unit_id, j.caseworker_id, 0, 0, 0, 1, 0, 0, 0
    FROM ${s}.interventions i JOIN ${s}.journeys j ON j.journey_id = i.journey_id
   WHERE i.started_at <= $1::timestamptz AND (i.ended_at IS NULL OR i.ended_at > $1::timestamptz)
     AND j.closing_reason IS DISTINCT FROM 'registration_error'
`;

const KEY_SQL: Record<CaseloadGroup, string> = {
  organisation: 'f.organisation_id',
  unit: 'f.organisation_id, f.unit_id',
  caseworker: 'f.organisation_id, f.caseworker_id',
};

type CountRow = {
  organisation_id: string;
  unit_id?: string | null;
  caseworker_id?: string | null;
} & Record<Measure | `${Measure}_people`, number>;

/**
 * Caseload now (or as of `now`, on tables built from the events up to it): open, idle, active and due work per
 * organisation, unit or caseworker. Counts are of journeys, enrolments and interventions; suppression is judged
 * on the distinct participants behind each, so a caseworker with fewer than 5 people shows `suppressed`.
 */
export async function caseloadReport(
  sql: Pick<SqlClient, 'query'>,
  tables: ReportTables,
  filters: ReportFilters,
  now: Date,
  groupBy: CaseloadGroup = 'organisation',
): Promise<Report> {
  breakdownColumn(filters, {}); // groupBy is this report's breakdown: refuse another one
  const params: unknown[] = [now.toISOString()];
  const conditions = filterConditions(filters, COLUMNS, params);
  // The participant and the organisation are joined only for a filter on them: every fact has both, so the
  // joins change no count, and most calls filter on neither.
  const filtered = conditions.join(' AND ');
  // Items per person first, then per group: each count with the number of people behind it.
  const key = KEY_SQL[groupBy].replace(/f\./g, '');
  const counts = await sql.query<CountRow>(
    `SELECT ${key}, ${MEASURES.map((m) => `sum("${m}")::int AS "${m}", (count(*) FILTER (WHERE "${m}" > 0))::int AS "${m}_people"`).join(', ')}
       FROM (
         SELECT ${KEY_SQL[groupBy]}, f.participant_id, ${MEASURES.map((m) => `sum(f."${m}") AS "${m}"`).join(', ')}
           FROM (${facts(tables.journeys)}) f
           ${/\bp\./.test(filtered) ? `JOIN ${tables.journeys}.participants p ON p.participant_id = f.participant_id` : ''}
           ${/\bo\./.test(filtered) ? `LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = f.organisation_id` : ''}
          WHERE ${filtered}
          GROUP BY ${KEY_SQL[groupBy]}, f.participant_id
       ) per_person
      GROUP BY ${key}`,
    params,
  );

  const organisations = await scopeOrganisations(sql, tables, filters);
  const nameOf = new Map(organisations.map((each) => [each.organisation_id, each.name]));
  const unitNames = await unitNamesOf(sql, tables, filters, groupBy);
  // The name each caseworker signs in with; their id when none is known.
  const caseworkerNames = await displayNames(
    sql,
    tables.users,
    groupBy === 'caseworker' ? counts.map((row) => row.caseworker_id ?? null) : [],
  );
  const groups = new Map<string, { key: Record<string, string | null>; cells: Partial<Record<Measure, Count>> }>();
  const group = (organisationId: string, unitId: string | null, caseworkerId: string | null) => {
    const key: Record<string, string | null> = {
      organisationId,
      organisationName: nameOf.get(organisationId) ?? null,
    };
    if (groupBy === 'unit')
      Object.assign(key, {
        unitId,
        unitName: unitId === null ? null : (unitNames.get(`${organisationId}/${unitId}`) ?? null),
      });
    if (groupBy === 'caseworker')
      Object.assign(key, {
        caseworkerId,
        caseworkerName: caseworkerId === null ? null : (caseworkerNames.get(caseworkerId) ?? caseworkerId),
      });
    const id = JSON.stringify([organisationId, unitId, caseworkerId]);
    let entry = groups.get(id);
    if (!entry) groups.set(id, (entry = { key, cells: {} }));
    return entry;
  };
  // Organisations and units in scope get a row even when they have nothing open.
  if (groupBy === 'organisation') for (const each of organisations) group(each.organisation_id, null, null);
  if (groupBy === 'unit') {
    for (const id of unitNames.keys()) {
      const [organisationId, unitId] = id.split('/') as [string, string];
      if (nameOf.has(organisationId)) group(organisationId, unitId, null);
    }
  }
  for (const row of counts) {
    const { cells } = group(row.organisation_id, row.unit_id ?? null, row.caseworker_id ?? null);
    for (const measure of MEASURES) cells[measure] = { count: row[measure], people: row[`${measure}_people`] };
  }

  const rows: ReportRow[] = [...groups.values()]
    .map(({ key, cells }) => ({
      ...key,
      ...Object.fromEntries(MEASURES.map((measure) => [measure, figure(cells[measure] ?? { count: 0, people: 0 })])),
    }))
    .sort(byKey);
  return {
    report: `caseload-by-${groupBy}`,
    filters,
    asOf: now.toISOString(),
    position: tables.position,
    columns: [...CASELOAD_GROUP_COLUMNS[groupBy], ...MEASURES],
    rows,
  };
}

async function unitNamesOf(
  sql: Pick<SqlClient, 'query'>,
  tables: ReportTables,
  filters: ReportFilters,
  groupBy: CaseloadGroup,
): Promise<Map<string, string>> {
  if (groupBy !== 'unit') return new Map();
  const params: unknown[] = [filters.organisationIds];
  const unit = filters.unitId === undefined ? '' : `AND unit_id = $${params.push(filters.unitId)}`;
  const units = await sql.query<{ organisation_id: string; unit_id: string; name: string }>(
    `SELECT organisation_id, unit_id, name FROM ${tables.catalogue}.units WHERE organisation_id = ANY($1::uuid[]) ${unit}`,
    params,
  );
  return new Map(units.map((each) => [`${each.organisation_id}/${each.unit_id}`, each.name]));
}

const text = (value: unknown): string => (value === null || value === undefined ? '\uffff' : String(value));
const byKey = (a: ReportRow, b: ReportRow): number =>
  ['organisationName', 'organisationId', 'unitId', 'caseworkerId'].reduce(
    (order, column) => order || text(a[column]).localeCompare(text(b[column])),
    0,
  );
