import type { LabourMarketStatus } from './vocabulary';

/**
 * What a labour-market status counts as in the national measures (metrics.md), written once for the write side,
 * the read models and the demo data.
 */

/** Statuses that are work: Kolada counts them only when they last at least one continuous month. */
export const WORK_STATUSES: readonly LabourMarketStatus[] = ['employed', 'employed_subsidised', 'self_employed'];

export const isWork = (status: LabourMarketStatus | string): boolean => (WORK_STATUSES as readonly string[]).includes(status);

export type KoladaOutcome = 'work' | 'studies' | 'other';

/** Kolada's "work or studies": work expected to last at least a month, or studies with study allowance. */
export function koladaOutcome(
  status: LabourMarketStatus | string,
  expectedToLastOneMonth: boolean | null | undefined,
): KoladaOutcome {
  if (isWork(status)) return expectedToLastOneMonth === true ? 'work' : 'other';
  return status === 'studies_with_study_allowance' ? 'studies' : 'other';
}

export const countsAsWorkOrStudies = (recorded: {
  readonly status: LabourMarketStatus;
  readonly expectedToLastOneMonth?: boolean;
}): boolean => koladaOutcome(recorded.status, recorded.expectedToLastOneMonth) !== 'other';

/**
 * The ESF+ immediate-result groups. ESF+ counts any employment, so subsidised and municipal labour-market
 * employment are employed here even though Kolada does not count the latter as work. A labour-market programme
 * means registered at Arbetsförmedlingen, so job seeking. `unknown` belongs to no group.
 */
export const ESF_IMMEDIATE_GROUPS = {
  employed: ['employed', 'employed_subsidised', 'municipal_labour_market_employment', 'self_employed'],
  education: ['studies_with_study_allowance', 'studies_other'],
  jobSeeking: ['job_seeking', 'labour_market_programme'],
  inactive: ['on_sick_leave_or_unable', 'parental_leave', 'inactive_other'],
} as const satisfies Record<string, readonly LabourMarketStatus[]>;
