import type { SqlClient } from '@samspar/event-store';
import { breakdownColumn, filterConditions } from '../reporting/report-filters';
import type { DimensionColumns, ReportFilters } from '../reporting/report-filters';
import type { ReportTables } from '../runner/read-models.service';

/** A connection or a transaction: the as-of runner calls the same queries on its temporary tables. */
export type SqlQuery = Pick<SqlClient, 'query'>;

/** The schemas a report reads; the position is optional so that as-of tables need none. */
export type ReportSchemas = Pick<ReportTables, 'journeys' | 'catalogue'> & Partial<Pick<ReportTables, 'position'>>;

/** Where each filter and breakdown lives for a row of `enrolments e` joined to `organisations o`. */
export const ENROLMENT_COLUMNS: DimensionColumns = {
  organisation: 'e.organisation_id',
  unit: 'e.unit_id',
  municipality: 'o.municipality_code',
  track: 'e.track_id',
  gender: 'e.gender',
  ageBand: 'e.age_band',
  newlyArrived: 'e.newly_arrived',
  educationBand: 'e.education_band',
};

/**
 * The zone whose midnights bound a period [from, to). UTC, as reportFilters' default `to` (tomorrow) is a UTC
 * day: with Stockholm days that default would end an hour or two before now and miss today's last events.
 */
export const REPORT_TIME_ZONE = 'UTC';
const midnight = (param: string): string => `((${param})::date::timestamp AT TIME ZONE '${REPORT_TIME_ZONE}')`;

/** SQL fragments shared by the enrolment reports; `$1` = from, `$2` = to, `$3` = now. */
export interface EnrolmentScope {
  readonly params: unknown[];
  /** Start of the period, inclusive. */
  readonly from: string;
  /** End of the period, exclusive. */
  readonly to: string;
  /** min(to, now): the instant up to which "has passed" and "active" are judged. */
  readonly cut: string;
  /** The instant the report describes: now, or the as-of date. */
  readonly asOf: string;
  /** `enrolments e` with the organisation for the municipality filter. */
  readonly source: string;
  /** The caller's scope and filters, and enrolments started before the cut. */
  readonly where: string;
  /** The breakdown value as text; `'all'` without a breakdown, `'unknown'` where the row has none. */
  readonly breakdown: string;
}

export function enrolmentScope(tables: ReportSchemas, filters: ReportFilters, now: Date): EnrolmentScope {
  const params: unknown[] = [filters.from, filters.to, now.toISOString()];
  const from = midnight('$1');
  const to = midnight('$2');
  const conditions = filterConditions(filters, ENROLMENT_COLUMNS, params);
  return {
    params,
    from,
    to,
    cut: `least(${to}, $3::timestamptz)`,
    asOf: '$3::timestamptz',
    source: `${tables.journeys}.enrolments e LEFT JOIN ${tables.catalogue}.organisations o ON o.organisation_id = e.organisation_id`,
    // Nothing starts after the cut (occurredAt is never in the future); saying so binds $3 in every report.
    where: [...conditions, `e.started_at < least(${to}, $3::timestamptz)`].join(' AND '),
    breakdown: `coalesce(${breakdownColumn(filters, ENROLMENT_COLUMNS)}, 'unknown')`,
  };
}
