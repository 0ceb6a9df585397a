import { ValidationError } from '@samspar/kernel';
import { parseAsOf } from './as-of';

describe('parseAsOf', () => {
  it('reads a day as the end of that day in Sweden, in winter and in summer time', () => {
    expect(parseAsOf('2026-01-15').toISOString()).toBe('2026-01-15T22:59:59.999Z');
    expect(parseAsOf('2026-07-01').toISOString()).toBe('2026-07-01T21:59:59.999Z');
  });

  it('handles the days the clocks change', () => {
    // Summer time starts at 02:00 on the last Sunday of March; the day ends at 22:00 UTC.
    expect(parseAsOf('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(parseAsOf('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });

  it('reads a date-time with an offset as that instant', () => {
    expect(parseAsOf('2026-03-01T12:00:00Z').toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(parseAsOf('2026-03-01T12:00:00.250+01:00').toISOString()).toBe('2026-03-01T11:00:00.250Z');
    expect(parseAsOf('2026-03-01T00:30-02:00').toISOString()).toBe('2026-03-01T02:30:00.000Z');
  });

  it.each([
    '',
    'yesterday',
    '2026-02-30',
    '2026-13-01',
    '26-03-01',
    '2026-03-01T12:00:00',
    '2026-03-01T25:00:00Z',
    '2026-02-30T12:00:00Z',
    '2026-03-01 12:00:00Z',
  ])('refuses %j, naming the field', (text) => {
    let thrown: unknown;
    try {
      parseAsOf(text, '--as-of');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ rule: 'as-of-format', field: '--as-of' });
  });
});
