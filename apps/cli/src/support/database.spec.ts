import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteSqlClient } from '@samspar/event-store';
import { loadConfig } from '@samspar/platform';
import { developmentKeys } from '@samspar/privacy';
import { keysForStoredData, withDatabase, withEventStore } from './database';
import { usageErrorOf } from './testing';

describe('Opening the database for a command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samspar-cli-support-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a PGlite directory that is not there, before it looks for keys', () => {
    const missing = join(dir, 'missing');
    expect(usageErrorOf(() => keysForStoredData('verify', loadConfig({ DATA_DIR: missing })), 'no database').message).toBe(
      `verify: there is no database at PGlite in ${join(missing, 'pglite')}; set DATA_DIR to where the api keeps it, or DATABASE_URL.`,
    );
  });

  it('takes the configured privacy keys, or development keys already made, and never makes them', () => {
    mkdirSync(join(dir, 'pglite'));
    const error = usageErrorOf(() => keysForStoredData('gallring', loadConfig({ DATA_DIR: dir })), 'no keys');
    expect(error.message).toBe(
      `gallring: PRIVACY_MASTER_KEY is not set and ${dir} holds no development keys; set the privacy keys the api uses.`,
    );
    const made = developmentKeys(dir);
    expect(keysForStoredData('gallring', loadConfig({ DATA_DIR: dir }))).toEqual(made);
    const masterKey = randomBytes(32);
    const configured = loadConfig({
      DATA_DIR: join(dir, 'elsewhere'),
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      PRIVACY_MASTER_KEY: masterKey.toString('base64'),
      PRIVACY_LOOKUP_KEY: randomBytes(32).toString('base64'),
    });
    expect(keysForStoredData('gallring', configured).masterKey).toEqual(masterKey);
  });

  it('says in one line which database would not open and what to check', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const config = loadConfig({ DATA_DIR: file });
    await expect(withDatabase('export', config, async () => 'opened')).rejects.toThrow(
      new RegExp(`^export: could not open PGlite in ${file}/pglite: [^\\n]+; check DATABASE_URL or DATA_DIR\\.$`),
    );
  });

  it('closes the database when the work is done, and when it fails', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    const sql = await PGliteSqlClient.open();
    await expect(
      withDatabase(
        'report',
        config,
        () => Promise.reject(new Error('the work failed')),
        async () => sql,
      ),
    ).rejects.toThrow('the work failed');
    await expect(sql.query('SELECT 1')).rejects.toThrow();
  });

  it('opens the event store on it, migrated, and hands both to the work', async () => {
    const config = loadConfig({ DATA_DIR: dir, DATABASE_SCHEMA: 'samspar_support' });
    const head = await withEventStore('replay', config, async ({ sql, store, where }) => {
      expect(where).toBe(`PGlite in ${join(dir, 'pglite')}`);
      const [row] = await sql.query<{ present: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'samspar_support') AS present",
      );
      expect(row!.present).toBe(true);
      return store.headPosition();
    });
    expect(typeof head).toBe('string');
  });
});
