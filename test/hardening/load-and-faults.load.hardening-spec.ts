// Load: 16 (up to 64) virtual caseworkers doing a realistic command mix against the built api and
// projector for 60 s. Afterwards every 2xx is in the log exactly once, `samspar verify` is clean, and
// the read models equal a blue/green rebuild from the log.
import { record, recordExactlyOnce } from './support/record';
import { CaseworkerLoad, LoadStats, percentile } from './support/caseworkers';
import { Ledger, checkLog } from './support/ledger';
import { runCli, sleep } from './support/processes';
import { compareDumps, dumpReadModels, waitUntilCaughtUp } from './support/read-models';
import { loadSettings } from './support/settings';
import { Catalogue, HardeningStack, whyNoDatabase } from './support/stack';

const SUITE = 'load';
const skipReason = whyNoDatabase();
// Straight to stderr: jest drops console output of a file whose tests were all skipped.
if (skipReason) process.stderr.write(`SKIPPED: ${skipReason}\n`);
const settings = loadSettings();

(skipReason ? describe.skip : describe)(
  `Load: ${settings.caseworkers} caseworkers for ${settings.loadSeconds} s against the built api and projector`,
  () => {
    let stack: HardeningStack;
    let catalogue: Catalogue;
    const ledger = new Ledger();
    let stats: LoadStats | undefined;

    beforeAll(async () => {
      stack = new HardeningStack(process.env.DATABASE_URL!, 'hl');
      await stack.startApi();
      await stack.startProjector();
      catalogue = await stack.createCatalogue();
    }, 120_000);

    afterAll(async () => {
      await stack?.destroy();
    }, 60_000);

    it('answers every command of the mix with 2xx, at the first try', async () => {
      const load = new CaseworkerLoad(stack, { caseworkers: settings.caseworkers, catalogue, ledger }).start();
      await sleep(settings.loadSeconds * 1000);
      stats = await load.stop();

      const notFirstTry = ledger.retried.length;
      const unanswered = ledger.commands.filter((command) => command.outcome !== 'ok').length;
      const readFailures = Object.values(stats.readFailures).reduce((sum, n) => sum + n, 0);
      const apiErrors = stack.api!.logLines().filter((line) => /"level":(50|60)/.test(line)).length;
      const failures = unanswered + notFirstTry + readFailures;
      const rate = stats.commands / settings.loadSeconds;
      record({
        suite: SUITE,
        check: `command mix: ${settings.caseworkers} caseworkers, ${settings.loadSeconds} s`,
        cases: stats.commands + stats.reads,
        failures,
        notes:
          `${stats.commands} commands (${rate.toFixed(0)}/s), ${stats.reads} reads, ${stats.stories} participants ` +
          `(${stats.storiesClosed} closed); latency p50 ${percentile(stats.latenciesMs, 50)} ms, ` +
          `p95 ${percentile(stats.latenciesMs, 95)} ms, p99 ${percentile(stats.latenciesMs, 99)} ms; ` +
          `median by command: ${Object.entries(stats.medianMsByCommand)
            .map(([name, ms]) => `${name} ${ms}`)
            .join(', ')}; ` +
          `${apiErrors} error lines in the api log` +
          (stats.refusals.length > 0 ? `; refused: ${[...new Set(stats.refusals)].slice(0, 5).join('; ')}` : ''),
      });
      expect(stats.refusals).toEqual([]);
      expect(stats.readFailures).toEqual({});
      expect({ unanswered, notFirstTry }).toEqual({ unanswered: 0, notFirstTry: 0 });
      expect(stats.commands).toBeGreaterThan(settings.caseworkers * 10);
    }, 600_000);

    it('has every 2xx command in the log exactly once, and nothing stored twice', async () => {
      const check = await checkLog(stack.pool, stack.schema, ledger);
      recordExactlyOnce(SUITE, check);
    }, 120_000);

    it('passes samspar verify', async () => {
      const verify = await runCli(['verify'], stack.env());
      record({
        suite: SUITE,
        check: 'samspar verify after the load',
        cases: 1,
        failures: verify.code === 0 ? 0 : 1,
        notes: verify.output.split('\n').find((line) => line.startsWith('Verified')) ?? verify.output.slice(-300),
      });
      expect(verify.output).toContain('verify: clean');
      expect(verify.code).toBe(0);
    }, 120_000);

    it('has read models equal to a blue/green rebuild from the log', async () => {
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const followed = await dumpReadModels(stack.pool, stack.schema);
      const rebuild = await runCli(['rebuild', 'all'], stack.env());
      expect(rebuild.code).toBe(0);
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const rebuilt = await dumpReadModels(stack.pool, stack.schema);
      const difference = compareDumps(followed, rebuilt);
      record({
        suite: SUITE,
        check: 'read models equal a rebuild',
        cases: difference.rows,
        failures: difference.differingRows,
        notes:
          `${difference.tables} tables, ${difference.rows} rows; ${rebuild.output.trim().split('\n').join(' ')}` +
          (difference.examples.length ? `; ${difference.examples.join('; ')}` : ''),
      });
      expect(difference.rows).toBeGreaterThan(0);
      expect(difference.examples).toEqual([]);
    }, 180_000);
  },
);
