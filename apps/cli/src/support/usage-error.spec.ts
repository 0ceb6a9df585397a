import { UsageError, oneLine, quote } from './usage-error';

describe('A CLI message', () => {
  it('is a UsageError, by name too', () => {
    const error = new UsageError('verify: --format "yaml" is not text or json');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UsageError');
  });

  it('takes an error as one line, at most 300 characters', () => {
    expect(oneLine(new Error('connection\n  refused\tby host'))).toBe('connection refused by host');
    expect(oneLine(new Error('x'.repeat(400)))).toHaveLength(300);
    expect(oneLine('not an error')).toBe('not an error');
  });

  it('takes the first of several reasons, and the code when the message is empty', () => {
    const refused = Object.assign(new Error(''), { code: 'ECONNREFUSED' });
    expect(oneLine(new AggregateError([refused, new Error('second')], ''))).toBe('ECONNREFUSED');
  });

  it('quotes what the user typed, cut at 40 characters', () => {
    expect(quote('tomorrow')).toBe('"tomorrow"');
    expect(quote('a'.repeat(50))).toBe(`"${'a'.repeat(40)}…"`);
  });
});
