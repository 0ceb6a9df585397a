import { PERTURBATION } from '../reporting/perturbation-table';
import { SUPPRESSION_THRESHOLD } from '../reporting/suppression';
import type { Figure } from '../reporting/suppression';
import type { Disclosure } from '../reporting/disclosure';

/**
 * The attacker of reporting/disclosure-attacks.int-spec.ts: what a caller can conclude about a true count from published
 * figures alone, knowing the rules (the perturbation table is public) but not the record keys.
 */

/** A published count as the attacker reads it; `undefined` for a row the answer does not have (a true 0). */
export type Published = Figure | null | undefined;

export interface Bound {
  readonly lo: number;
  readonly hi: number;
}

const D = PERTURBATION.maxAdjustment;
const T = SUPPRESSION_THRESHOLD;

/**
 * The true counts a published figure allows. A number p was at most ±2 away and is shown only when the truth is 5
 * or more; a hidden cell had fewer than 5 people, or a count that perturbation took under 5 (so at most 6); an
 * absent row counts nobody. (A hidden cell of many enrolments of few people could be larger: the spec checks that
 * every truth lies in its bound, so no such assumption goes unnoticed.)
 */
export function boundOf(figure: Published): Bound {
  if (figure === undefined) return { lo: 0, hi: 0 };
  if (typeof figure === 'number') return { lo: Math.max(T, figure - D), hi: figure + D };
  return { lo: 0, hi: T + D - 1 };
}

export interface Term {
  readonly coefficient: number;
  readonly figure: Published;
}

/** target = Σ coefficient × term: an identity between true counts that the attacker exploits. */
export interface Equation {
  readonly attack: string;
  readonly label: string;
  readonly truth: number;
  /** The target's own published figure, when the attacker can ask for it; undefined when there is none. */
  readonly own?: Published;
  readonly terms: readonly Term[];
}

export interface Verdict {
  readonly bound: Bound;
  /** The bounds pinned the target to one value: the attacker knows it for certain. */
  readonly recovered: boolean;
  /** The truth lay outside the bound: the attacker's assumptions failed, so nothing is concluded. */
  readonly unsound: boolean;
  /** Plain arithmetic on the published numbers, when all are numbers: what a naive attacker would take. */
  readonly naive?: number;
}

export function solve(equation: Equation): Verdict {
  let lo = 0;
  let hi = 0;
  for (const { coefficient, figure } of equation.terms) {
    const bound = boundOf(figure);
    lo += coefficient > 0 ? coefficient * bound.lo : coefficient * bound.hi;
    hi += coefficient > 0 ? coefficient * bound.hi : coefficient * bound.lo;
  }
  lo = Math.max(lo, 0);
  if ('own' in equation) {
    const own = boundOf(equation.own);
    lo = Math.max(lo, own.lo);
    hi = Math.min(hi, own.hi);
  }
  const unsound = equation.truth < lo || equation.truth > hi;
  const numbers = equation.terms.every((term) => typeof term.figure === 'number' || term.figure === undefined);
  return {
    bound: { lo, hi },
    recovered: !unsound && lo === hi,
    unsound,
    ...(numbers
      ? {
          naive: equation.terms.reduce(
            (sum, term) => sum + term.coefficient * (typeof term.figure === 'number' ? term.figure : 0),
            0,
          ),
        }
      : {}),
  };
}

/** The true counts, for the attack suite's ground truth only: nothing hidden, nothing adjusted. */
export const TRUE_COUNTS: Disclosure = {
  name: 'exact',
  count: (cell) => cell.count,
  rate: () => null,
  statistic: () => null,
};
