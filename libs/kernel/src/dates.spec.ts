import { ValidationError } from './errors';
import { dayInSweden, endOfSwedishDay, parseAsOf, parseInstant } from './dates';

const NOW = new Date('2026-12-01T00:00:00Z');
const asOf = (text: string, now = NOW) => parseAsOf(text, { now }).toISOString();
const refusal = (text: string, now = NOW): unknown => {
  try {
    parseAsOf(text, { now, field: '--as-of' });
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('Dates in Sweden', () => {
  it('reads the day an instant falls on in Sweden, not in UTC', () => {
    expect(dayInSweden('2026-01-15T23:30:00Z')).toBe('2026-01-16');
    expect(dayInSweden('2026-07-01T21:59:59.999Z')).toBe('2026-07-01');
    expect(dayInSweden('2026-07-01T22:00:00Z')).toBe('2026-07-02');
  });

  it('ends a day at midnight in Sweden, in winter, in summer and on the days the clocks change', () => {
    expect(new Date(endOfSwedishDay('2026-01-15')!).toISOString()).toBe('2026-01-15T22:59:59.999Z');
    expect(new Date(endOfSwedishDay('2026-07-01')!).toISOString()).toBe('2026-07-01T21:59:59.999Z');
    expect(new Date(endOfSwedishDay('2026-03-29')!).toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(new Date(endOfSwedishDay('2026-10-25')!).toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(endOfSwedishDay('2026-02-30')).toBeUndefined();
  });

  it('reads an instant only with an offset, and only on a date that exists', () => {
    expect(parseInstant('2026-03-01T12:00:00.250+01:00')).toBe(Date.parse('2026-03-01T11:00:00.250Z'));
    expect(parseInstant('2026-03-01T00:30-02:00')).toBe(Date.parse('2026-03-01T02:30:00Z'));
    expect(parseInstant('2026-03-01T12:00:00')).toBeNaN();
    expect(parseInstant('2026-02-30T12:00:00Z')).toBeNaN();
  });
});

describe('As of: one rule for reports, histories, replay and the CLI (now = 2026-12-01T00:00:00Z)', () => {
  it.each([
    ['2026-02-30T12:00:00Z', 'refused', 'as-of-format'],
    ['2026-06-30T12:00:00.1234Z', '2026-06-30T12:00:00.123Z', ''],
    ['2027-01-01', 'refused', 'as-of-in-future'],
    ['2026-01-15', '2026-01-15T22:59:59.999Z', ''],
    ['2026-07-01', '2026-07-01T21:59:59.999Z', ''],
    ['2026-03-01T12:00:00.250+01:00', '2026-03-01T11:00:00.250Z', ''],
    // Today means up to now: it is 01:00 on 1 December in Sweden.
    ['2026-12-01', '2026-12-01T00:00:00.000Z', ''],
    ['2026-11-30', '2026-11-30T22:59:59.999Z', ''],
    ['2026-12-01T00:00:00.001Z', 'refused', 'as-of-in-future'],
  ])('%s → %s %s', (text, expected, rule) => {
    if (expected === 'refused') {
      const error = refusal(text);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ rule, field: '--as-of' });
    } else {
      expect(asOf(text)).toBe(expected);
    }
  });

  it.each([
    '',
    'yesterday',
    '2026-02-30',
    '2026-13-01',
    '26-03-01',
    '2026-03-01T12:00:00',
    '2026-03-01T25:00:00Z',
    '2026-03-01 12:00:00Z',
    '2026-03-01T12:00:00.1234567890Z',
  ])('refuses %j as as-of-format, naming the field', (text) => {
    const error = refusal(text);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ rule: 'as-of-format', field: '--as-of' });
  });
});
