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

/** ESF+ unemployed at entry: registered at Arbetsförmedlingen, in a programme or not. */
export const UNEMPLOYED_STATUSES = ['job_seeking', 'labour_market_programme'] as const satisfies readonly LabourMarketStatus[];

export const isUnemployed = (status: LabourMarketStatus | string): boolean =>
  (UNEMPLOYED_STATUSES as readonly string[]).includes(status);

/** ESF+: long-term unemployed means more than 12 continuous months, or more than 6 below the age of 25. */
export const LONG_TERM_UNEMPLOYMENT_MONTHS = 12;
export const YOUNG_LONG_TERM_UNEMPLOYMENT_MONTHS = 6;
export const YOUNG_AGE_LIMIT = 25;

/** A calendar day (YYYY-MM-DD) plus whole months; a day the month lacks falls on its last day (31 Aug + 6 = 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * ESF+ long-term unemployment at entry, for an unemployed participant: unemployed since `unemployedSince` and still
 * on `entryDay` (both Swedish calendar days), for more than 12 months, or more than 6 for one under 25. Only the
 * birth year is kept, so the age is the one reached during the entry year, as for the age bands.
 */
export function isLongTermUnemployed(unemployedSince: string, entryDay: string, birthYear: number): boolean {
  const age = Number(entryDay.slice(0, 4)) - birthYear;
  const months = age < YOUNG_AGE_LIMIT ? YOUNG_LONG_TERM_UNEMPLOYMENT_MONTHS : LONG_TERM_UNEMPLOYMENT_MONTHS;
  return entryDay > addMonths(unemployedSince, months);
}
