/** Cells that count fewer people than this are never shown. The operational reports (caseload, inbox, outbox) use these
 * functions as they are, exact (disclosure.ts: EXACT); the statistical reports go through disclosure.ts: PUBLISHED. */
export const SUPPRESSION_THRESHOLD = 5;

/** A count as a manager sees it: the number, or `suppressed` when it counts fewer than 5 people. */
export type Figure = number | 'suppressed';

/** A count of rows and of the distinct people behind them; suppression is judged on the people. */
export interface Count {
  readonly count: number;
  readonly people: number;
}

export const isSuppressed = (cell: Count): boolean => cell.people < SUPPRESSION_THRESHOLD;

export function figure(cell: Count): Figure {
  return isSuppressed(cell) ? 'suppressed' : cell.count;
}

/**
 * A share in [0, 1], rounded to 3 decimals. Suppressed when its numerator or its denominator is: a rate on a
 * small numerator still points at a few people, and one on a small denominator at everyone in it.
 */
export function rate(numerator: Count, denominator: Count): Figure | null {
  if (isSuppressed(numerator) || isSuppressed(denominator)) return 'suppressed';
  if (denominator.count === 0) return null;
  return Math.round((numerator.count / denominator.count) * 1000) / 1000;
}

/** A median or percentile of days, shown only when at least 5 people are behind it. */
export function statistic(value: number | null, people: number): Figure | null {
  if (people < SUPPRESSION_THRESHOLD) return 'suppressed';
  return value === null ? null : Math.round(value * 10) / 10;
}
