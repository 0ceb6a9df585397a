import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP, runCli } from './cli';
import { COMMANDS } from './commands';

/** Runs samspar as main does, keeping what it writes. */
async function samspar(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const written = { stdout: '', stderr: '' };
  const code = await runCli(args, env, {
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
  });
  return { code, ...written };
}

describe('samspar', () => {
  it('lists every command, by the first line of its help, for --help, -h and help', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      expect(await samspar(args)).toEqual({ code: 0, stdout: HELP, stderr: '' });
    }
    for (const command of COMMANDS) {
      expect(command.help.startsWith(`samspar ${command.name}`)).toBe(true);
      expect(HELP).toContain(`\n  ${command.help.split('\n')[0]}\n`);
    }
  });

  it.each(COMMANDS.map((command) => [command.name]))(
    'prints the help of %s for --help, -h and help, and exits 0',
    async (name) => {
      const { help } = COMMANDS.find((command) => command.name === name)!;
      expect(help).toContain('Examples:');
      // Help needs no configuration: a broken one is not even read.
      const broken = { EVENT_STORE: 'nonsense' };
      for (const args of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        expect(await samspar(args, broken)).toEqual({ code: 0, stdout: help, stderr: '' });
      }
    },
  );

  it('refuses no command and an unknown one with one line that names the commands or the help, and exits 2', async () => {
    const none = await samspar([]);
    expect(none).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^samspar: No command given; name one of migrate, token/),
    });
    const unknown = await samspar(['migrat']);
    expect(unknown.stderr).toBe('samspar: Unknown command "migrat"; run samspar --help to see the commands.\n');
    expect(unknown.code).toBe(2);
    for (const { stderr } of [none, unknown]) expect(stderr.trimEnd()).not.toContain('\n');
  });

  it('says what is wrong with the configuration in one line, and exits 2', async () => {
    const { code, stderr } = await samspar(['migrate'], { EVENT_STORE: 'nonsense' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^samspar: .*EVENT_STORE/);
  });

  describe('migrate, on a PGlite data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samspar-cli-'));
    const env = { DATA_DIR: dir, DATABASE_SCHEMA: 'samspar_cli' };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('makes the tables and prints the schema version', async () => {
      const { code, stdout, stderr } = await samspar(['migrate'], env);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(
        new RegExp(`^Schema samspar_cli on PGlite in ${dir}/pglite: event-store at version [1-9]\\d*\\.\\n$`),
      );
    });

    it('refuses an argument, saying it takes none', async () => {
      expect(await samspar(['migrate', 'now'], env)).toEqual({
        code: 2,
        stdout: '',
        stderr: "samspar: migrate: Unexpected argument 'now'; it takes no arguments, as in: samspar migrate\n",
      });
    });
  });
});
