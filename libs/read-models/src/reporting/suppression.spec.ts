import { figure, rate, statistic } from './suppression';

describe('Small-cell suppression', () => {
  it('shows a count of 5 people and suppresses 4', () => {
    expect(figure({ count: 5, people: 5 })).toBe(5);
    expect(figure({ count: 9, people: 4 })).toBe('suppressed');
  });

  it('suppresses zero, which is fewer than 5 people too', () => {
    expect(figure({ count: 0, people: 0 })).toBe('suppressed');
  });

  it('suppresses a rate on a small numerator or a small denominator', () => {
    expect(rate({ count: 4, people: 4 }, { count: 20, people: 20 })).toBe('suppressed');
    expect(rate({ count: 5, people: 5 }, { count: 4, people: 4 })).toBe('suppressed');
    expect(rate({ count: 5, people: 5 }, { count: 15, people: 15 })).toBe(0.333);
  });

  it('suppresses a median behind fewer than 5 people', () => {
    expect(statistic(12, 4)).toBe('suppressed');
    expect(statistic(12.25, 5)).toBe(12.3);
  });
});
