import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@samspar/platform';
import { UsageError } from '../support';
import { usageErrorOf } from '../support/testing';
import { VERIFY_HELP, formatVerifyReport, parseVerifyArguments, runVerify } from './verify';
import { CHECK_NAMES, VerifyCheck, VerifyResult } from './verify/verify-store';

const usageError = (args: readonly string[]) => usageErrorOf(() => parseVerifyArguments(args), args.join(' '));

const check = (name: string, overrides: Partial<VerifyCheck> = {}): VerifyCheck => ({
  name,
  checked: 12,
  unit: 'streams',
  faultCount: 0,
  faults: [],
  durationMs: 3,
  ...overrides,
});

describe('The verify command', () => {
  describe('When given no arguments', () => {
    it('shows 20 fault lines per check, as text', () => {
      expect(parseVerifyArguments([])).toEqual({ help: false, maxFaults: 20, format: 'text' });
    });
  });

  describe('When given options', () => {
    it('takes --max-faults and --format, in either spelling', () => {
      expect(parseVerifyArguments(['--max-faults', '0', '--format=json'])).toEqual({ help: false, maxFaults: 0, format: 'json' });
      expect(parseVerifyArguments(['--max-faults=100000'])).toMatchObject({ maxFaults: 100_000 });
    });

    it('answers --help and -h with the help, which has examples', async () => {
      expect(parseVerifyArguments(['--help']).help).toBe(true);
      expect(parseVerifyArguments(['-h']).help).toBe(true);
      expect(VERIFY_HELP).toMatch(/Examples:\n {2}npm run cli -- verify\n/);
      expect(await runVerify(['--help'], loadConfig({}))).toEqual({ output: VERIFY_HELP, faults: 0 });
    });
  });

  describe('When the arguments are wrong', () => {
    it.each([
      [['--fast'], /^verify: Unknown option '--fast'; it takes --max-faults and --format, as in: samspar verify --max-faults 50/],
      [['all'], /^verify: Unexpected argument 'all'; it takes --max-faults and --format/],
      [['--max-faults'], /^verify: Option '--max-faults <value>' argument missing; it takes --max-faults/],
      [['--max-faults', 'many'], /^verify: --max-faults "many" is not a whole number from 0 to 100,000; as in:/],
      [['--max-faults', '-1'], /^verify: .*--max-faults/],
      [['--max-faults', '100001'], /^verify: --max-faults "100001" is not a whole number from 0 to 100,000/],
      [['--format', 'yaml'], /^verify: --format "yaml" is not text or json; as in: samspar verify/],
    ])('refuses %j with one line that says how to fix it', (args, message) => {
      const error = usageError(args);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });

    it('refuses KurrentDB, whose order it cannot check, before opening anything', async () => {
      const config = loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' });
      await expect(runVerify([], config)).rejects.toThrow(/^verify: it checks events kept in PostgreSQL or PGlite/);
    });

    it('refuses a DATA_DIR with no database, and one with no keys, without making either', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'samspar-verify-'));
      try {
        await expect(runVerify([], loadConfig({ DATA_DIR: join(dir, 'missing') }))).rejects.toThrow(
          new UsageError(
            `verify: there is no database at PGlite in ${join(dir, 'missing', 'pglite')}; set DATA_DIR to where the api keeps it, or DATABASE_URL.`,
          ),
        );
        await expect(
          runVerify([], loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: dir })),
        ).rejects.toThrow(
          /^verify: PRIVACY_MASTER_KEY is not set and .* holds no development keys; set the privacy keys the api uses\.$/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('When it prints a result', () => {
    const clean: VerifyResult = {
      schema: 'samspar',
      events: 1234,
      streams: 12,
      head: '800:1234',
      faultCount: 0,
      checks: [
        check(CHECK_NAMES.revisions),
        check(CHECK_NAMES.sealed, { checked: 3, unit: 'identified registrations', note: '2 open, 1 erased' }),
      ],
    };

    it('prints the table and "verify: clean" last', () => {
      expect(formatVerifyReport(clean, 'PGlite in data/pglite')).toBe(
        [
          'Verified schema samspar on PGlite in data/pglite: 1,234 events in 12 streams, head 800:1234.',
          '',
          'check                         checked                     faults',
          'contiguous revisions          12 streams                  0',
          'events decrypt or are erased  3 identified registrations  0',
          '  events decrypt or are erased: 2 open, 1 erased',
          '',
          'verify: clean',
          '',
        ].join('\n'),
      );
    });

    it('prints the kept fault lines of each check, says how many more there are, and counts them all last', () => {
      const faulty: VerifyResult = {
        ...clean,
        faultCount: 3,
        checks: [
          check(CHECK_NAMES.revisions, {
            faultCount: 2,
            faults: [
              { kind: 'missing-revision', streamId: 'participant-1', detail: 'revision 2 is missing (revision 3 follows 1)' },
            ],
          }),
          check(CHECK_NAMES.checkpoints, {
            checked: 2,
            unit: 'read-model generations',
            faultCount: 1,
            faults: [{ kind: 'checkpoint-ahead', readModel: 'catalogue', detail: 'catalogue generation 1 is at 9:9' }],
          }),
        ],
      };
      const lines = formatVerifyReport(faulty, 'x').split('\n');
      expect(lines.slice(lines.indexOf('contiguous revisions: 2 faults'))).toEqual([
        'contiguous revisions: 2 faults',
        '  missing-revision participant-1: revision 2 is missing (revision 3 follows 1)',
        '  … and 1 more (--max-faults 2 shows them all)',
        '',
        'checkpoints not ahead of the log: 1 fault',
        '  checkpoint-ahead catalogue: catalogue generation 1 is at 9:9',
        '',
        'verify: 3 faults',
        '',
      ]);
    });
  });
});
