import { randomUUID } from 'node:crypto';
import { RECORD_KEY_RANGE } from '@samspar/privacy';
import { EXACT, PUBLISHED, cellKey, perturbedCount } from './disclosure';
import { PERTURBATION, PERTURBATION_TABLE, adjustment } from './perturbation-table';
import { TEST_RECORD_KEYS } from '../testing/test-projections';

describe('The perturbation table', () => {
  it('has in every row exactly the published distribution: at most ±2, zero-mean', () => {
    expect(PERTURBATION_TABLE).toHaveLength(PERTURBATION.rows);
    for (const row of PERTURBATION_TABLE) {
      const adjustments = [...row].map((digit) => Number(digit) - PERTURBATION.maxAdjustment);
      expect(adjustments).toHaveLength(PERTURBATION.columns);
      const counts = Object.fromEntries(Object.keys(PERTURBATION.distribution).map((key) => [key, 0]));
      for (const each of adjustments) counts[String(each)] = (counts[String(each)] ?? 0) + 1;
      expect(counts).toEqual(PERTURBATION.distribution);
      expect(adjustments.reduce((sum, each) => sum + each, 0)).toBe(0);
    }
  });

  it('never adjusts a zero, and gives counts above 20 the row of 20', () => {
    expect(adjustment(0, 0.5)).toBe(0);
    for (const key of [0, 0.3, 0.99999]) expect(adjustment(500, key)).toBe(adjustment(20, key));
  });
});

describe('The cell key method', () => {
  // Seven people with their record keys, as the query layer sums them.
  const people = Array.from({ length: 7 }, () => TEST_RECORD_KEYS.recordKey(randomUUID()));
  const sum = people.reduce((total, key) => total + BigInt(key), 0n);
  const cell = { count: 7, people: 7, keySum: sum.toString() };

  it('keys a cell by the sum of its records’ keys modulo 1, in any order and form', () => {
    const expected = Number(sum % BigInt(RECORD_KEY_RANGE)) / RECORD_KEY_RANGE;
    expect(cellKey(sum)).toBe(expected);
    expect(cellKey(sum.toString())).toBe(expected);
    expect(cellKey([...people].reverse().reduce((total, key) => total + BigInt(key), 0n))).toBe(expected);
  });

  it('publishes the true count plus the table’s adjustment, the same every time', () => {
    const published = 7 + adjustment(7, cellKey(sum));
    expect(perturbedCount(cell)).toBe(published);
    expect(PUBLISHED.count(cell)).toBe(published < 5 ? 'suppressed' : published);
    expect(PUBLISHED.count({ ...cell })).toEqual(PUBLISHED.count(cell));
    expect(EXACT.count(cell)).toBe(7);
  });

  it('hides a count under 5 people whatever its adjustment, and one the adjustment takes under 5', () => {
    for (let i = 0; i < 200; i += 1) {
      const keySum = TEST_RECORD_KEYS.recordKey(randomUUID());
      expect(PUBLISHED.count({ count: 4, people: 4, keySum })).toBe('suppressed');
      const five = { count: 5, people: 5, keySum };
      expect(PUBLISHED.count(five)).toBe(adjustment(5, cellKey(keySum)) < 0 ? 'suppressed' : perturbedCount(five));
    }
  });

  it('computes a rate from the published counts, and hides it with either', () => {
    const numerator = { count: 6, people: 6, keySum: 123 };
    const denominator = { count: 9, people: 9, keySum: 456 };
    const [top, bottom] = [PUBLISHED.count(numerator), PUBLISHED.count(denominator)];
    const expected =
      top === 'suppressed' || bottom === 'suppressed' ? 'suppressed' : Math.round(Math.min(1, top / bottom) * 1000) / 1000;
    expect(PUBLISHED.rate(numerator, denominator)).toBe(expected);
    expect(PUBLISHED.rate({ count: 2, people: 2, keySum: 1 }, denominator)).toBe('suppressed');
  });

  it('shows a median only behind 10 people or more, in whole days', () => {
    expect(PUBLISHED.statistic(113.5, { count: 9, people: 9, keySum: 0 })).toBe('suppressed');
    const big = { count: 40, people: 40, keySum: 0 };
    expect(PUBLISHED.statistic(113.5, big)).toBe(114);
    expect(EXACT.statistic(113.5, { count: 9, people: 9, keySum: 0 })).toBe(113.5);
  });
});
