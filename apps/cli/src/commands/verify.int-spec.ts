import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteSqlClient } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { loadConfig } from '@samspar/platform';
import { runVerify } from './verify';
import { CleanStore, buildCleanStore, dropScratch, participantStream, plant, verifyContract } from './verify/verify.contract';

describe('samspar verify on PGlite', () => {
  let shared: Promise<PGliteSqlClient> | undefined;
  afterAll(async () => {
    await (await shared)?.close();
  });

  verifyContract(async () => {
    shared ??= PGliteSqlClient.open();
    const sql = await shared;
    const schema = uniqueSchema('verify');
    return { sql, schema, close: () => dropScratch(sql, schema) };
  });
});

describe('samspar verify run against a PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samspar-verify-'));
  const [masterKey, lookupKey] = [randomBytes(32), randomBytes(32)];
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_SCHEMA: 'samspar_verify',
    PRIVACY_MASTER_KEY: masterKey.toString('base64'),
    PRIVACY_LOOKUP_KEY: lookupKey.toString('base64'),
  });
  // PGlite allows one opener of a directory: the test's client is closed before verify opens it.
  const withDatabase = async <T>(work: (sql: PGliteSqlClient) => Promise<T>): Promise<T> => {
    const sql = await PGliteSqlClient.open(join(dir, 'pglite'));
    try {
      return await work(sql);
    } finally {
      await sql.close();
    }
  };
  let clean: CleanStore;
  let stream: string;

  beforeAll(async () => {
    clean = await withDatabase((sql) => buildCleanStore(sql, 'samspar_verify', masterKey));
    stream = participantStream(clean.identified[0]!);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table and "verify: clean", with no faults for main to exit on', async () => {
    const { output, faults } = await runVerify([], config);
    expect(faults).toBe(0);
    expect(output).toMatch(
      new RegExp(
        `^Verified schema samspar_verify on PGlite in .*: ${clean.events} events in 6 streams, head \\d+:\\d+ \\(\\d+\\.\\d s\\)\\.\\n`,
      ),
    );
    expect(output).toMatch(/\ncontiguous revisions +6 streams +0\n/);
    expect(output).toMatch(/\ncheckpoints not ahead of the log +1 read-model generation +0\n/);
    expect(output.endsWith('\nverify: clean\n')).toBe(true);
  });

  it('prints the fault and counts it when an event is gone, as text and as JSON', async () => {
    await withDatabase((sql) =>
      plant(sql, 'samspar_verify', (events) => `DELETE FROM ${events} WHERE stream_id = $1 AND revision = 1`, [stream]),
    );
    const text = await runVerify([], config);
    expect(text.faults).toBe(1);
    expect(text.output).toContain(
      `\ncontiguous revisions: 1 fault\n  missing-revision ${stream}: revision 1 is missing (revision 2 follows 0)\n`,
    );
    expect(text.output.endsWith('\nverify: 1 fault\n')).toBe(true);

    const json = await runVerify(['--format', 'json', '--max-faults', '0'], config);
    expect(json.faults).toBe(1);
    const result = JSON.parse(json.output) as {
      faultCount: number;
      checks: { name: string; faultCount: number; faults: unknown[] }[];
    };
    expect(result.faultCount).toBe(1);
    expect(result.checks.find((check) => check.name === 'contiguous revisions')).toMatchObject({ faultCount: 1, faults: [] });
  });

  it('refuses a schema that holds no event store, and does not make one', async () => {
    await expect(runVerify([], { ...config, databaseSchema: 'nothing_here' })).rejects.toThrow(
      /^verify: schema nothing_here on PGlite in .* holds no event store; check DATABASE_SCHEMA, or run samspar migrate first\.$/,
    );
    const [row] = await withDatabase((sql) =>
      sql.query<{ present: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'nothing_here') AS present"),
    );
    expect(row!.present).toBe(false);
  });
});
