import { parseCommandArguments } from './arguments';
import { UsageError } from './usage-error';
import { usageErrorOf } from './testing';

const usage = { command: 'verify', takes: 'it takes --max-faults and --format', example: 'samspar verify --format json' };
const options = { 'max-faults': { type: 'string' }, format: { type: 'string' } } as const;

describe('parseCommandArguments', () => {
  it('reads the options as node:util parseArgs does', () => {
    expect(parseCommandArguments(['--max-faults', '5', '--format=json'], usage, { options }).values).toEqual({
      'max-faults': '5',
      format: 'json',
    });
  });

  it('takes positionals only when the command allows them', () => {
    expect(parseCommandArguments(['all'], usage, { allowPositionals: true, options: {} }).positionals).toEqual(['all']);
  });

  it.each([
    [['--fast'], "verify: Unknown option '--fast'; it takes --max-faults and --format, as in: samspar verify --format json"],
    [['all'], "verify: Unexpected argument 'all'; it takes --max-faults and --format, as in: samspar verify --format json"],
    [['--format'], /^verify: Option '--format <value>' argument missing; it takes/],
  ])('refuses %j with one line naming the command, what it takes and an example', (args, message) => {
    const error = usageErrorOf(() => parseCommandArguments(args, usage, { options }), args.join(' '));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});
