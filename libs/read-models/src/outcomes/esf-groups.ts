import type { LabourMarketStatus } from '@samspar/journeys';

/**
 * The ESF+ immediate-result groups, from our status vocabulary. ESF+ counts any employment, so subsidised and
 * municipal labour-market employment are employed here even though Kolada does not count the latter as work.
 * A labour-market programme means registered at Arbetsförmedlingen, so job seeking. `unknown` belongs to no group.
 */
export const ESF_IMMEDIATE_GROUPS = {
  employed: ['employed', 'employed_subsidised', 'municipal_labour_market_employment', 'self_employed'],
  education: ['studies_with_study_allowance', 'studies_other'],
  jobSeeking: ['job_seeking', 'labour_market_programme'],
  inactive: ['on_sick_leave_or_unable', 'parental_leave', 'inactive_other'],
} as const satisfies Record<string, readonly LabourMarketStatus[]>;

/** `column IN ('a', 'b')` for a fixed list of vocabulary words (never user input). */
export const inList = (column: string, values: readonly string[]): string =>
  `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
