import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { loadConfig } from '@samspar/platform';
import { usageErrorOf } from '../support/testing';
import { parseDemoGenerateArguments, runDemoGenerate } from './demo-generate';

const TODAY = new Date('2026-05-04T13:45:00Z');

const usageError = (args: readonly string[]) => usageErrorOf(() => parseDemoGenerateArguments(args, TODAY), args.join(' '));

describe('The demo:generate command', () => {
  describe('When given only the number of participants', () => {
    it('takes seed 1, eight at once, and the start of today as the end of the history', () => {
      expect(parseDemoGenerateArguments(['--participants', '10000'], TODAY)).toEqual({
        participants: 10_000,
        seed: 1,
        concurrency: 8,
        now: new Date('2026-05-04T00:00:00Z'),
      });
    });

    it('takes seed, concurrency and a date', () => {
      expect(
        parseDemoGenerateArguments(
          ['--participants=1_000_000', '--seed', '42', '--concurrency', '16', '--now', '2025-12-31'],
          TODAY,
        ),
      ).toEqual({ participants: 1_000_000, seed: 42, concurrency: 16, now: new Date('2025-12-31T00:00:00Z') });
    });
  });

  describe.each([
    ['no participants', [], /--participants is missing/],
    ['zero participants', ['--participants', '0'], /from 1 to 1,000,000/],
    ['too many participants', ['--participants', '1000001'], /from 1 to 1,000,000/],
    ['participants in words', ['--participants', 'many'], /"many" is not a whole number/],
    ['a negative seed', ['--participants', '5', '--seed', '-1'], /--seed/],
    ['no concurrency', ['--participants', '5', '--concurrency', '0'], /from 1 to 64/],
    ['a date that is not one', ['--participants', '5', '--now', '2026-02-30'], /past date written YYYY-MM-DD/],
    ['an unknown option', ['--participants', '5', '--people', '5'], /--people.*it takes --participants/],
    ['a stray word', ['5'], /it takes --participants/],
  ])('When given %s', (_case, args, fix) => {
    it('refuses with one line that says how to fix it', () => {
      const error = usageError(args);
      expect(error.message).toMatch(fix);
      expect(error.message).not.toContain('\n');
    });
  });

  describe('When it runs against the configured database', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samspar-demo-cli-'));
    const schema = uniqueSchema('democli');
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_SCHEMA: schema,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });

    afterAll(async () => {
      if (process.env.DATABASE_URL) {
        const sql = PgSqlClient.connect(process.env.DATABASE_URL);
        await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes the region, with development keys under DATA_DIR, and a second run writes the same events', async () => {
      const args = ['--participants', '25', '--now', '2026-05-04'];
      const first = await runDemoGenerate(args, config);
      expect(first).toMatch(/61 organisations, 20 tracks, 25 participants, [\d,]+ events/);
      expect(first).toMatch(/Work or studies at exit: [\d.]+ %/);
      const events = /participants, ([\d,]+) events/.exec(first)![1];

      const again = await runDemoGenerate(args, config);
      expect(/participants, ([\d,]+) events/.exec(again)![1]).toBe(events);
    });
  });
});
