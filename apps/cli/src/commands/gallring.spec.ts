import { UsageError } from '../support';
import { GALLRING_HELP, formatGallringReport, parseGallringArguments } from './gallring';

const TODAY = new Date('2026-11-23T10:00:00.000Z');
const refusal = (args: string[]): string => {
  try {
    parseGallringArguments(args, TODAY);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`Expected ${args.join(' ')} to be refused`);
};

describe('samspar gallring arguments', () => {
  it('takes a dry run or an apply, judged now unless --now says otherwise', () => {
    expect(parseGallringArguments(['--dry-run'], TODAY)).toEqual({ help: false, apply: false, now: TODAY });
    expect(parseGallringArguments(['--apply'], TODAY)).toEqual({ help: false, apply: true, now: TODAY });
    expect(parseGallringArguments(['--dry-run', '--now', '2032-01-01'], TODAY).now.toISOString()).toBe(
      '2032-01-01T00:00:00.000Z',
    );
    expect(parseGallringArguments(['--apply', '--now', '2026-01-01'], TODAY).apply).toBe(true);
  });

  it('refuses neither or both of --dry-run and --apply, saying which to give', () => {
    expect(refusal([])).toMatch(/exactly one of --dry-run and --apply/);
    expect(refusal(['--dry-run', '--apply'])).toMatch(/exactly one of --dry-run and --apply/);
  });

  it('refuses a date that is not one, and an apply as of a future day', () => {
    expect(refusal(['--dry-run', '--now', '2031-02-30'])).toMatch(/not a date YYYY-MM-DD/);
    expect(refusal(['--dry-run', '--now', 'tomorrow'])).toMatch(/not a date YYYY-MM-DD/);
    expect(refusal(['--apply', '--now', '2032-01-01'])).toMatch(/in the future.*--dry-run --now 2032-01-01/);
  });

  it('refuses an unknown option, naming what it takes', () => {
    expect(refusal(['--dry-run', '--force'])).toMatch(/--force.*takes --dry-run or --apply/);
  });

  it('has help with examples', () => {
    expect(parseGallringArguments(['--help'], TODAY).help).toBe(true);
    expect(GALLRING_HELP).toContain('Examples:');
    expect(GALLRING_HELP).toContain('gallring --dry-run');
  });
});

describe('samspar gallring output', () => {
  it('lists ids, last entry and deadline, then the counts, and says nothing changed in a dry run', () => {
    const output = formatGallringReport(
      {
        mode: 'dry-run',
        now: '2032-01-01T00:00:00.000Z',
        researchDays: [5, 15, 25],
        source: 'read-model',
        cleared: [
          {
            participantId: '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44',
            lastEntryAt: '2026-03-02T09:15:00.000Z',
            dueAt: '2031-03-02T09:15:00.000Z',
            deadline: '2032-12-31',
          },
        ],
        counts: { participants: 4, notYetDue: 1, keptForResearch: 1, anonymous: 1, alreadyErased: 0, cleared: 1 },
      },
      'PGlite in data/pglite, schema samspar',
    );
    expect(output).toBe(
      [
        'Gallring (dry run) on PGlite in data/pglite, schema samspar, as of 2032-01-01; research days 5, 15, 25.',
        '',
        'participant                           last entry                due         deadline',
        '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44  2026-03-02T09:15:00.000Z  2031-03-02  2032-12-31',
        '',
        '1 to clear, 1 kept for research, 0 already erased, 1 anonymous, 1 not yet due, of 4 participants.',
        'Nothing was changed; clear them with: samspar gallring --apply',
        '',
      ].join('\n'),
    );
  });
});
