/**
 * `npm run test:soak -- --runs N [--load] [--pattern REGEX]`: runs the PostgreSQL-backed integration and
 * end-to-end files N times, optionally with every core kept busy by other processes, and prints the
 * failures per file. A test that fails now and then shows up here, not at random in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_PATTERN = '\\.(int|e2e)-spec\\.ts$';

interface JestFile {
  readonly name: string;
  readonly status: string;
  readonly message?: string;
  readonly assertionResults: ReadonlyArray<{
    readonly fullName: string;
    readonly status: string;
    readonly failureMessages?: readonly string[];
  }>;
}

interface Tally {
  runs: number;
  failedRuns: number;
  failedTests: Map<string, number>;
  /** The first lines of each failure, with its run, so that a rare one can be read after the soak. */
  failures: { run: number; test: string; message: string }[];
}

class UsageError extends Error {}

function options(argv: readonly string[]): { runs: number; load: boolean; pattern: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string', default: '5' },
      load: { type: 'boolean', default: false },
      pattern: { type: 'string', default: DEFAULT_PATTERN },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'npm run test:soak -- --runs N [--load] [--pattern REGEX]\n' +
        '  --runs N      how many times to run the files (default 5)\n' +
        '  --load        keep every core busy with other processes while they run\n' +
        `  --pattern RE  which test files (default ${DEFAULT_PATTERN})\n` +
        `DATABASE_URL defaults to ${DEFAULT_DATABASE_URL}.\n`,
    );
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new UsageError(`--runs must be a whole number of at least 1, not ${values.runs}`);
  try {
    new RegExp(values.pattern);
  } catch {
    throw new UsageError(`--pattern ${values.pattern} is not a regular expression`);
  }
  return { runs, load: values.load, pattern: values.pattern };
}

/** One busy loop per core, in processes of their own, as another tenant of the machine would be. */
function startLoad(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random());'], { stdio: 'ignore' }),
  );
}

function runJest(pattern: string, outputFile: string, databaseUrl: string): number {
  const result = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings',
      join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--maxWorkers=2',
      '--json',
      `--outputFile=${outputFile}`,
      '--testPathPatterns',
      pattern,
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  return result.status ?? 1;
}

function main(): void {
  const { runs, load, pattern } = options(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const work = mkdtempSync(join(tmpdir(), 'samspar-soak-'));
  const tallies = new Map<string, Tally>();
  const loaders = load ? startLoad() : [];
  const stopLoad = () => loaders.forEach((child) => child.kill('SIGKILL'));
  process.on('exit', stopLoad);
  const started = Date.now();
  try {
    for (let run = 1; run <= runs; run++) {
      const outputFile = join(work, `run-${run}.json`);
      const runStarted = Date.now();
      const status = runJest(pattern, outputFile, databaseUrl);
      let files: JestFile[];
      try {
        files = (JSON.parse(readFileSync(outputFile, 'utf8')) as { testResults: JestFile[] }).testResults;
      } catch {
        throw new Error(`run ${run}: jest wrote no results (exit ${status}); run it alone to see why`);
      }
      let failed = 0;
      for (const file of files) {
        const name = relative(ROOT, file.name);
        const tally = tallies.get(name) ?? { runs: 0, failedRuns: 0, failedTests: new Map<string, number>(), failures: [] };
        tally.runs += 1;
        const failures = file.assertionResults.filter((test) => test.status === 'failed');
        if (file.status === 'failed') {
          tally.failedRuns += 1;
          failed += 1;
          const tests =
            failures.length > 0 ? failures : [{ fullName: '(the file itself)', failureMessages: [file.message ?? ''] }];
          for (const test of tests) {
            tally.failedTests.set(test.fullName, (tally.failedTests.get(test.fullName) ?? 0) + 1);
            const message = (test.failureMessages?.[0] ?? '').split('\n').slice(0, 8).join('\n');
            tally.failures.push({ run, test: test.fullName, message });
          }
        }
        tallies.set(name, tally);
      }
      const seconds = Math.round((Date.now() - runStarted) / 1000);
      process.stdout.write(
        `run ${run}/${runs}: ${files.length} files, ${failed} failed, ${seconds} s${load ? ', loaded' : ''}\n`,
      );
    }
  } finally {
    stopLoad();
    rmSync(work, { recursive: true, force: true });
  }

  const rows = [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...rows.map(([name]) => name.length), 4);
  process.stdout.write(`\n${'file'.padEnd(width)}  runs  failed\n`);
  for (const [name, tally] of rows) {
    process.stdout.write(`${name.padEnd(width)}  ${String(tally.runs).padStart(4)}  ${String(tally.failedRuns).padStart(6)}\n`);
    for (const [test, count] of tally.failedTests) process.stdout.write(`    ${count}× ${test}\n`);
  }
  const failedRuns = rows.reduce((sum, [, tally]) => sum + tally.failedRuns, 0);
  const summary = {
    runs,
    load,
    pattern,
    cores: availableParallelism(),
    files: rows.length,
    fileRuns: rows.reduce((sum, [, tally]) => sum + tally.runs, 0),
    failedFileRuns: failedRuns,
    minutes: Math.round((Date.now() - started) / 6000) / 10,
    perFile: Object.fromEntries(
      rows.map(([name, tally]) => [
        name,
        {
          runs: tally.runs,
          failed: tally.failedRuns,
          tests: Object.fromEntries(tally.failedTests),
          ...(tally.failures.length > 0 ? { failures: tally.failures } : {}),
        },
      ]),
    ),
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'soak.json'), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(
    `\n${summary.fileRuns} file runs, ${failedRuns} failed, in ${summary.minutes} min${load ? ' on a loaded machine' : ''}\n`,
  );
  process.exitCode = failedRuns === 0 ? 0 : 1;
}

try {
  main();
} catch (error) {
  process.stderr.write(`test:soak: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
