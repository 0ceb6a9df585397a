import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and quotes separators and quotes', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"' }])).toBe('a,b\r\n"x,y","say ""hi"""\r\n');
  });

  it('writes suppressed cells as the word and missing values as empty', () => {
    expect(toCsv(['n', 'm'], [{ n: 'suppressed', m: null }])).toBe('n,m\r\nsuppressed,\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula, but not a negative number', () => {
    expect(toCsv(['a', 'b'], [{ a: '=cmd()', b: '-1.5' }])).toBe("a,b\r\n'=cmd(),-1.5\r\n");
  });
});
