import { ProblemException } from '../http/problem-details.filter';
import { parseIfMatch } from './if-match';

describe('If-Match', () => {
  it.each([
    ['"0"', 0],
    ['"3"', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
    ['*', 'exists'],
  ] as const)('reads %s as the expected revision %s', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it('is undefined when the client sent none', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each(['3', '"-1"', '"01"', '"1.5"', '"abc"', '"1", "2"', '', 'W/3', '"99999999999999999"'])(
    'refuses %j with 400 invalid-if-match, naming the header',
    (header) => {
      const refuse = () => parseIfMatch(header);
      expect(refuse).toThrow(ProblemException);
      expect(refuse).toThrow(expect.objectContaining({ rule: 'invalid-if-match', field: 'If-Match', status: 400 }));
      expect(refuse).toThrow(/If-Match/);
    },
  );
});
