// Faults under load, against the built api and projector on one schema, one after the other:
// kill -9 the api and restart it; kill -9 the projector while it follows the log and a rebuild
// half-way; stop PostgreSQL for 10 s. Nothing acknowledged may be lost, nothing stored twice.
import { randomUUID } from 'node:crypto';
import { record } from './support/record';
import { CaseworkerLoad, LoadStats } from './support/caseworkers';
import { CommandRecord, Ledger, LogCheck, checkLog } from './support/ledger';
import { findCluster, isAcceptingConnections, startPostgres, stopPostgres } from './support/postgres-control';
import { Probe } from './support/probe';
import { runCli, sleep, startCli } from './support/processes';
import { activeGeneration, compareDumps, dumpReadModels, waitUntilCaughtUp } from './support/read-models';
import { loadSettings } from './support/settings';
import { Catalogue, HardeningStack, whyNoDatabase } from './support/stack';

const skipReason = whyNoDatabase();
// Straight to stderr: jest drops console output of a file whose tests were all skipped.
if (skipReason) process.stderr.write(`SKIPPED: ${skipReason}\n`);
const settings = loadSettings();
const databaseUrl = process.env.DATABASE_URL ?? '';
const cluster = skipReason ? skipReason : findCluster(databaseUrl);
if (!skipReason && typeof cluster === 'string') process.stderr.write(`SKIPPED: stop PostgreSQL for 10 s: ${cluster}\n`);
const OUTAGE_MS = 10_000;
/** How long a client keeps retrying one command (same Idempotency-Key) after a kill, and across the outage. */
const RETRY_AFTER_KILL_MS = 20_000;
const RETRY_ACROSS_OUTAGE_MS = 30_000;

/** The ledger against the log, and `samspar verify`, recorded as two lines of the summary. */
async function recordLogChecks(
  stack: HardeningStack,
  suite: string,
  ledger: Ledger,
): Promise<{ check: LogCheck; verified: boolean }> {
  const check = await checkLog(stack.pool, stack.schema, ledger);
  record({
    suite,
    check: 'every 2xx in the log exactly once',
    cases: check.acknowledged,
    failures: check.lost + check.duplicated + check.refusedButApplied,
    eventsLost: check.lost,
    eventsDuplicated: check.duplicated,
    notes:
      `${check.eventsInLog} events in the log; ${check.unknown} commands without a final answer, ${check.unknownApplied} of them stored` +
      (check.examples.length ? `; ${check.examples.join('; ')}` : ''),
  });
  const verify = await runCli(['verify'], stack.env());
  const verified = verify.code === 0 && verify.output.includes('verify: clean');
  record({
    suite,
    check: 'samspar verify: contiguous revisions, no partial append',
    cases: 1,
    failures: verified ? 0 : 1,
    notes: verified ? 'clean' : verify.output.slice(-600),
  });
  return { check, verified };
}

/** Commands that needed more than one try, and how they ended. */
function retrySummary(ledger: Ledger) {
  const retried = ledger.retried;
  const interrupted = (command: CommandRecord) => command.attempts.some((attempt) => attempt.status === undefined);
  return {
    retried: retried.length,
    ok: retried.filter((command) => command.outcome === 'ok').length,
    replayed: retried.filter((command) => command.attempts.at(-1)?.replayed).length,
    noAnswerFirst: retried.filter(interrupted).length,
    stuckInProgress: retried.filter(
      (command) => command.outcome !== 'ok' && command.attempts.at(-1)?.problem === 'idempotency-key-in-progress',
    ).length,
    notOk: retried.filter((command) => command.outcome !== 'ok'),
  };
}

(skipReason ? describe.skip : describe)('Faults under load against the built api and projector', () => {
  let stack: HardeningStack;
  let catalogue: Catalogue;

  beforeAll(async () => {
    stack = new HardeningStack(databaseUrl, 'hf');
    await stack.startApi();
    await stack.startProjector();
    catalogue = await stack.createCatalogue();
  }, 120_000);

  afterAll(async () => {
    // Never leave the server stopped, whatever happened above.
    if (typeof cluster !== 'string' && !(await isAcceptingConnections(databaseUrl))) await startPostgres(cluster, databaseUrl);
    await stack?.destroy();
  }, 120_000);

  const load = (ledger: Ledger, retryForMs: number) =>
    new CaseworkerLoad(stack, { caseworkers: settings.caseworkers, catalogue, ledger, retryForMs }).start();

  describe('fault: kill api', () => {
    const SUITE = 'fault: kill api';

    it('loses nothing and stores nothing twice when the api is killed with -9 under load and restarted', async () => {
      const ledger = new Ledger();
      const phaseMs = settings.faultSeconds * 1000;
      const running = load(ledger, RETRY_AFTER_KILL_MS);
      const pids: number[] = [];
      const restartMs: number[] = [];
      for (const share of [0.3, 0.65]) {
        await sleep(phaseMs * share - (pids.length ? phaseMs * 0.3 : 0));
        pids.push(stack.api!.pid!);
        await stack.api!.kill('SIGKILL');
        const killedAt = Date.now();
        await stack.startApi();
        restartMs.push(Date.now() - killedAt);
      }
      await sleep(phaseMs * 0.35);
      const stats: LoadStats = await running.stop();

      const retries = retrySummary(ledger);
      record({
        suite: SUITE,
        check: 'retries with the same Idempotency-Key succeed',
        cases: retries.retried,
        failures: retries.notOk.length,
        notes:
          `2 kills (pids ${pids.join(', ')}), restarted in ${restartMs.join(' and ')} ms; ${stats.commands} commands; ` +
          `${retries.noAnswerFirst} got no answer first; ${retries.ok} retried to 2xx (${retries.replayed} replayed the first answer); ` +
          `${retries.stuckInProgress} still 409 idempotency-key-in-progress after ${RETRY_AFTER_KILL_MS / 1000} s` +
          (retries.notOk.length
            ? `; e.g. ${retries.notOk
                .slice(0, 3)
                .map((c) => `${c.name}: ${c.attempts.map((a) => a.status ?? a.error).join(',')}`)
                .join('; ')}`
            : ''),
      });
      const { check, verified } = await recordLogChecks(stack, SUITE, ledger);

      expect(retries.noAnswerFirst).toBeGreaterThan(0);
      expect({ lost: check.lost, duplicated: check.duplicated, refusedButApplied: check.refusedButApplied }).toEqual({
        lost: 0,
        duplicated: 0,
        refusedButApplied: 0,
      });
      expect(verified).toBe(true);
      expect(stats.refusals).toEqual([]);
      expect(retries.notOk.map((command) => `${command.name}: ${command.attempts.at(-1)?.problem}`)).toEqual([]);
    }, 300_000);
  });

  describe('fault: kill projector', () => {
    const SUITE = 'fault: kill projector';

    it('catches up after kill -9 while following the log under load, equal to a rebuild', async () => {
      const ledger = new Ledger();
      const phaseMs = settings.faultSeconds * 1000 * 0.6;
      const running = load(ledger, 30_000);
      await sleep(phaseMs * 0.3);
      const before = stack.projector!.pid;
      await stack.projector!.kill('SIGKILL');
      await sleep(phaseMs * 0.2);
      await stack.startProjector();
      await sleep(phaseMs * 0.5);
      const stats = await running.stop();
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const followed = await dumpReadModels(stack.pool, stack.schema);
      const rebuild = await runCli(['rebuild', 'all'], stack.env());
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const difference = compareDumps(followed, await dumpReadModels(stack.pool, stack.schema));
      const unanswered = ledger.commands.filter((command) => command.outcome !== 'ok').length;
      record({
        suite: SUITE,
        check: 'kill -9 while following the log: equals a rebuild',
        cases: difference.rows,
        failures: difference.differingRows + (rebuild.code === 0 ? 0 : 1),
        notes:
          `projector pid ${before} killed under load (${stats.commands} commands, ${unanswered} unanswered), restarted; ` +
          `${difference.tables} tables` +
          (difference.examples.length ? `; ${difference.examples.join('; ')}` : ''),
      });
      expect(rebuild.code).toBe(0);
      expect(difference.examples).toEqual([]);
      expect(unanswered).toBe(0);
    }, 300_000);

    it('resumes a rebuild killed with -9 half-way, and ends equal to a clean rebuild', async () => {
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const served = await dumpReadModels(stack.pool, stack.schema);
      const { rows } = await stack.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${stack.schema}".events`);
      const total = rows[0]!.n;
      const first = (await activeGeneration(stack.pool, stack.schema, 'journeys'))!.generation;

      // Kill it once it has applied some events and before it has applied all.
      const cli = startCli(['rebuild', 'journeys'], stack.env());
      let killedAt: { done: number; generation: number } | undefined;
      const deadline = Date.now() + 60_000;
      while (cli.alive && Date.now() < deadline) {
        const building = await stack.pool.query<{ generation: number; events_done: number }>(
          `SELECT generation, events_done::int AS events_done FROM "${stack.schema}".read_model_generations
            WHERE name = 'journeys' AND state = 'building'`,
        );
        const row = building.rows[0];
        if (row && row.events_done > 0 && row.events_done < total) {
          await cli.kill('SIGKILL');
          killedAt = { done: row.events_done, generation: row.generation };
          break;
        }
        await sleep(20);
      }
      await cli.kill('SIGKILL');
      const stillBuilding = killedAt
        ? (
            await stack.pool.query(
              `SELECT 1 FROM "${stack.schema}".read_model_generations WHERE name = 'journeys' AND generation = $1 AND state = 'building'`,
              [killedAt.generation],
            )
          ).rows.length === 1
        : false;

      const resumed = await runCli(['rebuild', 'journeys'], stack.env());
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const afterResume = await dumpReadModels(stack.pool, stack.schema);
      const resumedGeneration = (await activeGeneration(stack.pool, stack.schema, 'journeys'))!.generation;
      const clean = await runCli(['rebuild', 'journeys'], stack.env());
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const afterClean = await dumpReadModels(stack.pool, stack.schema);
      const againstClean = compareDumps(afterResume, afterClean);
      const againstServed = compareDumps(afterResume, served);
      record({
        suite: SUITE,
        check: 'kill -9 mid-rebuild, resume: equals a clean rebuild',
        cases: againstClean.rows,
        failures:
          againstClean.differingRows +
          againstServed.differingRows +
          (killedAt && stillBuilding ? 0 : 1) +
          (resumed.code === 0 ? 0 : 1) +
          (clean.code === 0 ? 0 : 1),
        notes:
          (killedAt
            ? `rebuild of generation ${killedAt.generation} killed at ${killedAt.done} of ${total} events; `
            : 'the rebuild finished before it could be killed; ') +
          `generation ${first} served before, ${resumedGeneration} after the resumed rebuild; ${resumed.output.trim().split('\n').join(' ')}` +
          [...againstClean.examples, ...againstServed.examples].map((example) => `; ${example}`).join(''),
      });
      expect(killedAt).toBeDefined();
      expect(stillBuilding).toBe(true);
      expect(resumed.code).toBe(0);
      expect(resumedGeneration).toBe(killedAt!.generation);
      expect(clean.code).toBe(0);
      expect(againstClean.examples).toEqual([]);
      expect(againstServed.examples).toEqual([]);
    }, 300_000);
  });

  describe('fault: stop postgres', () => {
    const SUITE = 'fault: stop postgres';

    (typeof cluster === 'string' ? it.skip : it)(
      `answers 503 with Retry-After while PostgreSQL is stopped for 10 s, recovers by itself, loses nothing${typeof cluster === 'string' ? ` [skipped: ${cluster}]` : ''}`,
      async () => {
        if (typeof cluster === 'string') return;
        const ledger = new Ledger();
        const apiPid = stack.api!.pid;
        const projectorPid = stack.projector!.pid;
        const caseworker = await stack.token({
          userId: 'hardening-probe',
          role: 'caseworker',
          organisationIds: [catalogue.organisations[0]!.id],
          permissions: [],
        });
        const manager = await stack.token({
          userId: 'hardening-probe-manager',
          role: 'manager',
          organisationIds: [catalogue.organisations[0]!.id],
          permissions: [],
        });
        // Readiness, an audited read of a person, and a report (read models, not audited).
        const probe = new Probe(
          () => stack.baseUrl,
          [
            { path: '/health/ready' },
            { path: `/api/v1/participants/${randomUUID()}`, token: caseworker },
            { path: '/api/v1/reports/caseload?groupBy=organisation', token: manager },
          ],
        );
        // Commands keep being retried across the outage and the recovery.
        const running = load(ledger, RETRY_ACROSS_OUTAGE_MS);
        let stoppedAt = 0;
        let startedAt = 0;
        try {
          await sleep(3_000);
          probe.start();
          stoppedAt = Date.now();
          stopPostgres(cluster);
          await sleep(OUTAGE_MS);
        } finally {
          startedAt = Date.now();
          await startPostgres(cluster, databaseUrl);
        }
        await sleep(Math.max(5_000, settings.faultSeconds * 1000 - OUTAGE_MS - 3_000));
        const answers = await probe.stop();
        const stats = await running.stop();

        // While it was down: every answer 503 with Retry-After, never 500, never silence. Requests in flight
        // when it stopped count too: across the whole phase no answer may be a 500 or missing.
        const down = (at: number) => at > stoppedAt + 500 && at < startedAt;
        const allAnswers = [...ledger.commands.flatMap((command) => command.attempts), ...answers];
        const during = allAnswers.filter((answer) => down(answer.at));
        const probeAnswers = answers.filter((answer) => down(answer.at));
        const byStatus: Record<string, number> = {};
        for (const answer of during) {
          const key = answer.status === undefined ? `no answer (${answer.error})` : String(answer.status);
          byStatus[key] = (byStatus[key] ?? 0) + 1;
        }
        // No answer, a 500, or a 503 that does not say when to ask again. (A 409 for a key still in progress
        // is counted under retries.)
        const isBad = (answer: { status?: number; retryAfter?: string | null }) =>
          answer.status === undefined || (answer.status >= 500 && (answer.status !== 503 || !answer.retryAfter));
        const badDuring = during.filter(isBad).length;
        const badAround = allAnswers.filter((answer) => !down(answer.at) && isBad(answer)).length;
        const bad = badDuring + badAround;
        const readyDown = probeAnswers.filter((answer) => answer.path === '/health/ready');
        record({
          suite: SUITE,
          check: '503 with Retry-After while PostgreSQL is down',
          cases: allAnswers.length,
          failures: bad + (readyDown.length > 0 && readyDown.every((a) => a.status === 503) ? 0 : 1),
          notes:
            `down ${((startedAt - stoppedAt) / 1000).toFixed(1)} s; answers while down: ${JSON.stringify(byStatus)}; ` +
            `${badAround} bad answers around the outage; ` +
            `problems: ${[...new Set(during.map((a) => a.problem).filter(Boolean))].join(', ')}`,
        });

        // After it is back: the same processes serve again, and /health/ready says so.
        const firstOk = ledger.commands
          .flatMap((command) => command.attempts)
          .filter((attempt) => attempt.at >= startedAt && attempt.status !== undefined && attempt.status < 300)
          .map((attempt) => attempt.at)
          .sort((a, b) => a - b)[0];
        const readyAgain = answers.find((a) => a.at >= startedAt && a.path === '/health/ready' && a.status === 200);
        const retries = retrySummary(ledger);
        const sameProcesses = stack.api!.pid === apiPid && stack.api!.alive && stack.projector!.alive;
        const died = [stack.api!, stack.projector!].filter((server) => !server.alive);
        for (const server of died) {
          const { code, signal } = await server.exited;
          process.stdout.write(
            `[hardening] the ${server.name} exited (${signal ?? `code ${code}`}) during the outage:\n${server.logs(20)}\n`,
          );
        }
        record({
          suite: SUITE,
          check: 'recovers by itself; retries succeed',
          cases: retries.retried,
          failures: retries.notOk.length + (sameProcesses ? 0 : 1) + (firstOk && readyAgain ? 0 : 1),
          notes:
            (sameProcesses
              ? `api pid ${apiPid} and projector pid ${projectorPid} kept`
              : `${died.map((server) => server.name).join(' and ')} exited`) +
            `; first 2xx ${firstOk ? firstOk - startedAt : 'never'} ms ` +
            `and ready ${readyAgain ? readyAgain.at - startedAt : 'never'} ms after the start; ${stats.commands} commands; ` +
            `${retries.ok} of ${retries.retried} retried commands got 2xx (${retries.replayed} replayed), ` +
            `${retries.stuckInProgress} still 409 idempotency-key-in-progress after ${RETRY_ACROSS_OUTAGE_MS / 1000} s` +
            (retries.notOk.length
              ? `; e.g. ${retries.notOk
                  .slice(0, 3)
                  .map((c) => `${c.name}: ${c.attempts.map((a) => a.status ?? a.error).join(',')}`)
                  .join('; ')}`
              : ''),
        });

        const { check, verified } = await recordLogChecks(stack, SUITE, ledger);
        await waitUntilCaughtUp(stack.pool, stack.schema);
        const followed = await dumpReadModels(stack.pool, stack.schema);
        const rebuild = await runCli(['rebuild', 'all'], stack.env());
        await waitUntilCaughtUp(stack.pool, stack.schema);
        const difference = compareDumps(followed, await dumpReadModels(stack.pool, stack.schema));
        record({
          suite: SUITE,
          check: 'read models equal a rebuild after the outage',
          cases: difference.rows,
          failures: difference.differingRows + (rebuild.code === 0 ? 0 : 1),
          notes: `${difference.tables} tables` + (difference.examples.length ? `; ${difference.examples.join('; ')}` : ''),
        });

        expect(byStatus).not.toHaveProperty('500');
        expect(bad).toBe(0);
        expect(readyDown.length).toBeGreaterThan(0);
        expect(readyDown.every((answer) => answer.status === 503)).toBe(true);
        expect(sameProcesses).toBe(true);
        expect(firstOk).toBeDefined();
        expect(readyAgain).toBeDefined();
        expect({ lost: check.lost, duplicated: check.duplicated, refusedButApplied: check.refusedButApplied }).toEqual({
          lost: 0,
          duplicated: 0,
          refusedButApplied: 0,
        });
        expect(verified).toBe(true);
        expect(difference.examples).toEqual([]);
        expect(retries.notOk.map((command) => `${command.name}: ${command.attempts.at(-1)?.problem}`)).toEqual([]);
      },
      300_000,
    );
  });
});
