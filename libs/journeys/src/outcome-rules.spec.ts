import { LABOUR_MARKET_STATUSES } from './vocabulary';
import { ESF_IMMEDIATE_GROUPS, countsAsWorkOrStudies, koladaOutcome } from './outcome-rules';

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
