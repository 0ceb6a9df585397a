import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgSqlClient, openEventStore, openSqlClient, quoteIdent } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { describeDatabase, eventStoreConfigOf, loadConfig } from '@samspar/platform';
import { Pseudonymiser } from '@samspar/privacy';
import { usageErrorOf } from '../support/testing';
import { EXPORT_HELP, parseExportArguments, runExport } from './export';

const dir = mkdtempSync(join(tmpdir(), 'samspar-export-cli-'));
const KEY = randomBytes(32).toString('hex');
const OTHER_KEY = randomBytes(32).toString('hex');
const keyFile = join(dir, 'export.key');
writeFileSync(keyFile, `${KEY}\n`);
const PERIOD = ['--from', '2026-01-01', '--to', '2027-01-01', '--format', 'ndjson', '--out', join(dir, 'out.ndjson')];

const usageError = (args: readonly string[], env: Record<string, string> = {}) =>
  usageErrorOf(() => parseExportArguments(args, env), args.join(' '));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('The export command', () => {
  it('shows examples in its help', () => {
    expect(EXPORT_HELP).toContain('openssl rand -hex 32 > export.key');
    expect(EXPORT_HELP).toMatch(/export --from \d{4}-\d{2}-\d{2} --to .* --key-file export\.key/);
  });

  describe('When given a period, a format, a file and a key', () => {
    it('reads the key from --key-file, or else from SAMSPAR_EXPORT_KEY, the file winning', () => {
      const fromFile = parseExportArguments([...PERIOD, '--key-file', keyFile], { SAMSPAR_EXPORT_KEY: OTHER_KEY });
      expect(fromFile).toMatchObject({ from: '2026-01-01', to: '2027-01-01', format: 'ndjson', key: Buffer.from(KEY, 'hex') });
      expect(parseExportArguments(PERIOD, { SAMSPAR_EXPORT_KEY: OTHER_KEY }).key).toEqual(Buffer.from(OTHER_KEY, 'hex'));
    });

    it('takes repeated categories and types, and an organisation', () => {
      const organisation = randomUUID();
      expect(
        parseExportArguments(
          [
            ...PERIOD,
            '--category',
            'participant',
            '--type',
            'ParticipantReferred',
            '--type',
            'ReferralAccepted',
            '--organisation',
            organisation,
          ],
          { SAMSPAR_EXPORT_KEY: KEY },
        ),
      ).toMatchObject({
        categories: ['participant'],
        types: ['ParticipantReferred', 'ReferralAccepted'],
        organisationId: organisation,
      });
    });
  });

  describe.each([
    ['no key at all', PERIOD, {}, /export key is required: make one with `openssl rand -hex 32 > export\.key`/],
    ['a key file that does not exist', [...PERIOD, '--key-file', join(dir, 'none.key')], {}, /cannot read --key-file.*ENOENT/],
    ['a key that is too short', PERIOD, { SAMSPAR_EXPORT_KEY: 'abc123' }, /SAMSPAR_EXPORT_KEY must be 64 hex digits/],
    ['no period', ['--format', 'csv', '--out', 'x.csv'], { SAMSPAR_EXPORT_KEY: KEY }, /--from is missing/],
    ['no file', PERIOD.slice(0, 6), { SAMSPAR_EXPORT_KEY: KEY }, /--out is missing/],
    [
      'a date that is not one',
      ['--from', '2026-02-30', ...PERIOD.slice(2)],
      { SAMSPAR_EXPORT_KEY: KEY },
      /--from "2026-02-30" is not a date/,
    ],
    ['an empty period', ['--from', '2027-01-01', ...PERIOD.slice(2)], { SAMSPAR_EXPORT_KEY: KEY }, /must be before --to/],
    [
      'another format',
      [...PERIOD.slice(0, 4), '--format', 'xlsx', '--out', 'x'],
      { SAMSPAR_EXPORT_KEY: KEY },
      /not ndjson or csv/,
    ],
    ['an unknown category', [...PERIOD, '--category', 'person'], { SAMSPAR_EXPORT_KEY: KEY }, /--category "person"/],
    ['an unknown type', [...PERIOD, '--type', 'PersonRenamed'], { SAMSPAR_EXPORT_KEY: KEY }, /--type "PersonRenamed"/],
    ['an unknown option', [...PERIOD, '--key', KEY], {}, /--key.*samspar export --help/],
  ])('When given %s', (_case, args, env, fix) => {
    it('refuses with one line that says how to fix it, and never repeats a key', () => {
      const error = usageError(args, env as Record<string, string>);
      expect(error.message).toMatch(fix);
      expect(error.message).not.toContain('\n');
      if (!args.includes('--key')) expect(error.message).not.toContain(KEY);
    });
  });

  describe('When it runs against the configured database', () => {
    const schema = uniqueSchema('exportcli');
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_SCHEMA: schema,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    const participants = [randomUUID(), randomUUID()];
    const out = join(dir, 'events.ndjson');
    const args = (file: string, ...more: string[]) => [
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-01',
      '--format',
      'ndjson',
      '--out',
      file,
      ...more,
    ];

    beforeAll(async () => {
      const storeConfig = eventStoreConfigOf(config);
      const sql = await openSqlClient(storeConfig);
      const store = await openEventStore(storeConfig, sql);
      for (const [index, participantId] of participants.entries()) {
        await store.append(`participant-${participantId}`, [
          {
            id: randomUUID(),
            type: 'ParticipantRegistered',
            data: {
              participantId,
              organisationId: randomUUID(),
              identity: {
                kind: 'identified',
                personal: { alg: 'A256GCM', kid: participantId, iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' },
                lookupHash: 'ab'.repeat(32),
              },
              attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'unknown' },
              protectedIdentity: false,
            },
            // The second one happened after the period.
            metadata: { occurredAt: index === 0 ? '2026-01-15T09:00:00.000Z' : '2026-02-01T00:00:00.000Z', schemaVersion: 1 },
          },
        ]);
      }
      await store.close();
      await sql.close();
    });

    afterAll(async () => {
      if (process.env.DATABASE_URL) {
        const sql = PgSqlClient.connect(process.env.DATABASE_URL);
        await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      }
    });

    it('writes the period’s events with pseudonyms to the file, readable by its owner only, and says how many and where', async () => {
      const result = await runExport(args(out, '--key-file', keyFile), config, { env: {}, interactive: false });
      expect(result).toBe(
        `Wrote 1 event (ndjson, 2026-01-01 to 2026-02-01) to ${out}, pseudonymised with the key in ${keyFile}; read 2 events from ${describeDatabase(config)}.\n`,
      );
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        type: 'ParticipantRegistered',
        participant: new Pseudonymiser(Buffer.from(KEY, 'hex')).pseudonym(participants[0]!),
      });
      expect(readFileSync(out, 'utf8')).not.toContain(participants[0]);
      expect(statSync(out).mode & 0o077).toBe(0);
      expect(existsSync(`${out}.partial`)).toBe(false);
    });

    it('gives the same file with the same key, and other pseudonyms with another', async () => {
      const again = join(dir, 'again.ndjson');
      const other = join(dir, 'other.ndjson');
      await runExport(args(again), config, { env: { SAMSPAR_EXPORT_KEY: KEY }, interactive: false });
      await runExport(args(other), config, { env: { SAMSPAR_EXPORT_KEY: OTHER_KEY }, interactive: false });
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
      const participant = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { participant: string }).participant;
      expect(participant(other)).not.toBe(participant(out));
    });
  });
});
