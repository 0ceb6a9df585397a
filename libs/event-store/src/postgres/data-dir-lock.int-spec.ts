import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { STARTUP_TIMEOUT_MS } from '../testing/test-environment';
import { DataDirInUseError } from './data-dir-lock';
import { PGliteSqlClient } from './sql-client';

/** A process id that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('The embedded database belongs to one process at a time', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'samspar-lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it(
    'refuses a second opening of the same directory, naming the holder, and allows it once the first closes',
    async () => {
      const dataDir = join(root, 'pglite');
      const first = await PGliteSqlClient.open(dataDir);
      try {
        await first.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (1);');
        const second = PGliteSqlClient.open(dataDir);
        await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
        await expect(second).rejects.toThrow(new RegExp(`in use by process ${process.pid} \\(`));
        await expect(second).rejects.toThrow(/DATABASE_URL/);
      } finally {
        await first.close();
      }
      const again = await PGliteSqlClient.open(dataDir);
      try {
        expect(await again.query<{ n: number }>('SELECT n FROM kept')).toEqual([{ n: 1 }]);
      } finally {
        await again.close();
      }
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'takes over from a holder that died without letting go',
    async () => {
      const dataDir = join(root, 'pglite');
      mkdirSync(dataDir, { recursive: true });
      // What kill -9 leaves behind: the lock directory and the holder's name.
      mkdirSync(`${dataDir}.lock`);
      const pid = await deadPid();
      writeFileSync(
        join(dirname(dataDir), `.${basename(dataDir)}.owner.json`),
        JSON.stringify({ pid, command: 'samspar api', since: new Date().toISOString() }),
      );
      const client = await PGliteSqlClient.open(dataDir);
      try {
        expect(await client.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await client.close();
      }
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'keeps nothing locked for a database in memory',
    async () => {
      const [a, b] = await Promise.all([PGliteSqlClient.open(), PGliteSqlClient.open('memory://')]);
      await Promise.all([a.close(), b.close()]);
    },
    STARTUP_TIMEOUT_MS,
  );
});
