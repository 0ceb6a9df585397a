import { adjustment } from './perturbation-table';
import { SUPPRESSION_THRESHOLD, figure, rate, statistic } from './suppression';
import type { Count, Figure } from './suppression';

/**
 * Disclosure control for every report: one rule per kind of report, applied per cell, so that the same function
 * protects a cell whatever query produced it (live, as of a date, pre-aggregated; JSON and CSV alike).
 *
 * - `PUBLISHED` is the cell key method for the statistical reports (outcomes, transitions, entry profile,
 *   referrals received, referral flows): every count is adjusted by the published perturbation table, at most ±2,
 *   by its cell key, so the same people always give the same answer and the difference of two answers is noise.
 * - `EXACT` hides cells under 5 people and adjusts nothing. It serves the organisation's own operational figures
 *   (caseload, referral inbox and outbox), and tests that check true figures.
 */

/** A cell as a query gives it: rows counted, distinct people behind them, and the sum of their record keys. */
export interface Cell extends Count {
  /** Σ record keys of the counted rows (integers in [0, 2^32)), as SQL's exact sum returns it. */
  readonly keySum: bigint | number | string;
}

const KEY_RANGE = 2n ** 32n;

/** The cell's key in [0, 1): the sum of its records' keys modulo 1. */
export function cellKey(keySum: Cell['keySum']): number {
  const sum = typeof keySum === 'bigint' ? keySum : BigInt(String(keySum).split('.')[0] ?? '0');
  return Number(((sum % KEY_RANGE) + KEY_RANGE) % KEY_RANGE) / Number(KEY_RANGE);
}

/** The count after the cell key method's adjustment; never below 0. */
export function perturbedCount(cell: Cell): number {
  return Math.max(0, cell.count + adjustment(cell.count, cellKey(cell.keySum)));
}

/** Medians and percentiles need this many people (and as many published): one person moves a small median far. */
export const STATISTIC_THRESHOLD = 10;

export interface Disclosure {
  readonly name: 'published' | 'exact';
  /** A count as it is shown. */
  count(cell: Cell): Figure;
  /** A share in [0, 1], 3 decimals; null where the denominator is 0. */
  rate(numerator: Cell, denominator: Cell): Figure | null;
  /** A median or percentile of days behind the cell's people. */
  statistic(value: number | null, cell: Cell): Figure | null;
}

const share = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round(Math.min(1, numerator / denominator) * 1000) / 1000;

export const PUBLISHED: Disclosure = {
  name: 'published',
  // Hidden when the true people or the published count is under 5: either way no small number is shown.
  count: (cell) => {
    if (cell.people < SUPPRESSION_THRESHOLD) return 'suppressed';
    const published = perturbedCount(cell);
    return published < SUPPRESSION_THRESHOLD ? 'suppressed' : published;
  },
  // From the published numerator and denominator, so that a rate tells nothing the two counts do not.
  rate: (numerator, denominator) => {
    const [top, bottom] = [PUBLISHED.count(numerator), PUBLISHED.count(denominator)];
    if (top === 'suppressed' || bottom === 'suppressed') return 'suppressed';
    return share(top, bottom);
  },
  // Only behind 10 people or more, in whole days: a median moves by whole observations, and rounding hides
  // the step one person makes.
  statistic: (value, cell) => {
    const published = PUBLISHED.count(cell);
    if (cell.people < STATISTIC_THRESHOLD || published === 'suppressed' || published < STATISTIC_THRESHOLD) {
      return 'suppressed';
    }
    return value === null ? null : Math.round(value);
  },
};

export const EXACT: Disclosure = {
  name: 'exact',
  count: figure,
  rate,
  statistic: (value, cell) => statistic(value, cell.people),
};
