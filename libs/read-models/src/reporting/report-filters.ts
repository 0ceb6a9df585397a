import { ForbiddenError, ValidationError } from '@samspar/kernel';
import type { Principal } from '@samspar/access';
import type { AgeBand, Dimension } from './dimensions';
import type { ReportQueryDto } from './report-query.dto';

/** What a report is asked for, once checked: a period [from, to) and filters. */
export interface ReportFilters {
  readonly from: string;
  readonly to: string;
  readonly organisationIds: readonly string[];
  readonly unitId?: string;
  readonly municipality?: string;
  readonly trackId?: string;
  readonly gender?: string;
  readonly ageBand?: AgeBand;
  readonly newlyArrived?: boolean;
  readonly educationBand?: string;
  readonly breakdown?: Dimension;
}

const DAY = 86_400_000;
const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/**
 * The caller's filters, narrowed to the organisations they may see. Naming another organisation is
 * refused, so that a manager never learns figures of an organisation that is not theirs.
 */
export function reportFilters(query: ReportQueryDto, principal: Principal, now: Date): ReportFilters {
  const to = query.to ?? isoDay(now.getTime() + DAY);
  const from = query.from ?? isoDay(Date.parse(to) - 365 * DAY);
  if (from >= to) throw new ValidationError('period-empty', 'from must be before to', 'from');
  if (query.organisationId !== undefined && !principal.organisationIds.includes(query.organisationId)) {
    throw new ForbiddenError(
      'not-your-organisation',
      'organisationId must be one of the organisations in your sign-in',
      'organisationId',
    );
  }
  const organisationIds = query.organisationId !== undefined ? [query.organisationId] : [...principal.organisationIds];
  return {
    from,
    to,
    organisationIds,
    ...(query.unitId !== undefined ? { unitId: query.unitId } : {}),
    ...(query.municipality !== undefined ? { municipality: query.municipality } : {}),
    ...(query.trackId !== undefined ? { trackId: query.trackId } : {}),
    ...(query.gender !== undefined ? { gender: query.gender } : {}),
    ...(query.ageBand !== undefined ? { ageBand: query.ageBand } : {}),
    ...(query.newlyArrived !== undefined ? { newlyArrived: query.newlyArrived === 'true' } : {}),
    ...(query.educationBand !== undefined ? { educationBand: query.educationBand } : {}),
    ...(query.breakdown !== undefined ? { breakdown: query.breakdown } : {}),
  };
}

/** SQL columns (or expressions) that hold each dimension in a report's rows; absent ones cannot filter. */
export type DimensionColumns = Partial<Record<Dimension, string>>;

/**
 * WHERE conditions for the filters, with their parameters appended to `params`.
 * The organisation scope is always applied: an empty scope matches nothing.
 */
export function filterConditions(filters: ReportFilters, columns: DimensionColumns, params: unknown[]): string[] {
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  const need = (dimension: Dimension): string => {
    const column = columns[dimension];
    if (!column) throw new ValidationError('filter-not-applicable', `This report cannot be filtered by ${dimension}`, dimension);
    return column;
  };
  conditions.push(`${need('organisation')} = ANY(${bind(filters.organisationIds)}::uuid[])`);
  if (filters.unitId !== undefined) conditions.push(`${need('unit')} = ${bind(filters.unitId)}`);
  if (filters.municipality !== undefined) conditions.push(`${need('municipality')} = ${bind(filters.municipality)}`);
  if (filters.trackId !== undefined) conditions.push(`${need('track')} = ${bind(filters.trackId)}::uuid`);
  if (filters.gender !== undefined) conditions.push(`${need('gender')} = ${bind(filters.gender)}`);
  if (filters.ageBand !== undefined) conditions.push(`${need('ageBand')} = ${bind(filters.ageBand)}`);
  if (filters.newlyArrived !== undefined) conditions.push(`${need('newlyArrived')} = ${bind(filters.newlyArrived)}`);
  if (filters.educationBand !== undefined) conditions.push(`${need('educationBand')} = ${bind(filters.educationBand)}`);
  return conditions;
}

/** The SQL expression of the breakdown, or a constant so that GROUP BY works the same without one. */
export function breakdownColumn(filters: ReportFilters, columns: DimensionColumns): string {
  if (filters.breakdown === undefined) return `'all'`;
  const column = columns[filters.breakdown];
  if (!column) {
    throw new ValidationError(
      'breakdown-not-applicable',
      `This report cannot be broken down by ${filters.breakdown}`,
      'breakdown',
    );
  }
  return `(${column})::text`;
}
