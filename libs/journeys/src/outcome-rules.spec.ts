import { LABOUR_MARKET_STATUSES } from './vocabulary';
import {
  ESF_IMMEDIATE_GROUPS,
  addMonths,
  countsAsWorkOrStudies,
  isLongTermUnemployed,
  isUnemployed,
  koladaOutcome,
} from './outcome-rules';

describe('What a status counts as', () => {
  it('is work for Kolada only when it is expected to last a month', () => {
    expect(koladaOutcome('employed', true)).toBe('work');
    expect(koladaOutcome('employed', false)).toBe('other');
    expect(koladaOutcome('self_employed', undefined)).toBe('other');
    expect(koladaOutcome('municipal_labour_market_employment', true)).toBe('other');
  });

  it('is studies for Kolada only with study allowance', () => {
    expect(koladaOutcome('studies_with_study_allowance', null)).toBe('studies');
    expect(koladaOutcome('studies_other', null)).toBe('other');
    expect(countsAsWorkOrStudies({ status: 'studies_with_study_allowance' })).toBe(true);
    expect(countsAsWorkOrStudies({ status: 'employed_subsidised', expectedToLastOneMonth: true })).toBe(true);
    expect(countsAsWorkOrStudies({ status: 'job_seeking' })).toBe(false);
  });

  it('puts every status but unknown in exactly one ESF+ group', () => {
    const grouped = Object.values(ESF_IMMEDIATE_GROUPS).flat() as string[];
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(LABOUR_MARKET_STATUSES.filter((status) => status !== 'unknown').sort());
  });
});

describe('ESF+ long-term unemployment at entry', () => {
  // Born 1990: 35 in 2025, so over 12 months counts. Born 2002: 23 in 2025, so over 6 months counts.
  it.each([
    ['2024-03-01', '2025-03-01', 1990, false, 'exactly 12 months is not more than 12'],
    ['2024-03-01', '2025-03-02', 1990, true, 'a day over 12 months'],
    ['2024-09-01', '2025-03-02', 1990, false, '6 months and a day, at 35'],
    ['2024-09-01', '2025-03-02', 2002, true, '6 months and a day, at 23'],
    ['2024-09-01', '2025-03-01', 2002, false, 'exactly 6 months, at 23'],
    // 24 during 2025 (born 2001), so the young limit still applies; born 2000 turns 25 that year.
    ['2024-08-01', '2025-03-01', 2001, true, 'at 24'],
    ['2024-08-01', '2025-03-01', 2000, false, 'at 25'],
    ['2024-08-31', '2025-02-28', 2002, false, 'the 31st plus 6 months falls on the last day of February'],
    ['2024-08-31', '2025-03-01', 2002, true, 'and a day later is more'],
  ])('since %s, entering %s, born %i: %s (%s)', (since, entry, birthYear, expected) => {
    expect(isLongTermUnemployed(since, entry, birthYear)).toBe(expected);
  });

  it('adds months on the calendar, leap years included', () => {
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-12-15', 12)).toBe('2025-12-15');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('counts job seekers and programme participants as unemployed, nobody else', () => {
    expect(LABOUR_MARKET_STATUSES.filter(isUnemployed)).toEqual(['job_seeking', 'labour_market_programme']);
  });
});
