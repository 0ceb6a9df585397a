// Scale: 3 api processes and 2 projectors on one PostgreSQL schema, the caseworker load spread across the apis
// as a load balancer would. Along the way one api and the projector that leads the read models are killed with
// -9. Afterwards every 2xx is in the log exactly once, another projector led within 10 s, and the read models
// equal a rebuild. The figures go to bench/results/scale.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Principal } from '@samspar/access';
import { record, recordExactlyOnce } from './support/record';
import { CaseworkerLoad, LoadStats, LoadTarget, percentile } from './support/caseworkers';
import { Ledger, checkLog } from './support/ledger';
import { API_MAIN, PROJECTOR_MAIN, ROOT, ServerProcess, freePort, runCli, sleep } from './support/processes';
import { READ_MODELS, compareDumps, dumpReadModels, waitUntilCaughtUp } from './support/read-models';
import { loadSettings } from './support/settings';
import { Catalogue, HardeningStack, whyNoDatabase } from './support/stack';

const SUITE = 'scale';
const API_COUNT = 3;
const PROJECTOR_COUNT = 2;
const TAKEOVER_LIMIT_MS = 10_000;
const skipReason = whyNoDatabase();
if (skipReason) process.stderr.write(`SKIPPED: ${skipReason}\n`);
const settings = loadSettings();
// Long enough for both kills and the load after them; short enough for CI (the whole spec stays under 3 minutes).
const LOAD_SECONDS = Math.min(settings.loadSeconds, 36);

/** Sends each try to the next api that is still running, as a load balancer that has seen one go does. */
class Balancer implements LoadTarget {
  private next = 0;
  readonly sent = new Map<string, number>();

  constructor(
    private readonly apis: readonly ServerProcess[],
    private readonly stack: HardeningStack,
  ) {}

  get baseUrl(): string {
    const alive = this.apis.filter((api) => api.alive);
    const api = (alive.length > 0 ? alive : this.apis)[this.next++ % Math.max(alive.length, 1)]!;
    this.sent.set(api.name, (this.sent.get(api.name) ?? 0) + 1);
    return api.baseUrl;
  }

  token(principal: Principal): Promise<string> {
    return this.stack.token(principal);
  }
}

/** The read models whose leader runs in this process, from its /health/ready; undefined when it does not answer. */
async function ledBy(projector: ServerProcess): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${projector.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.json()) as { details?: Record<string, Record<string, unknown>> };
    const readModels = body.details?.['read-models'] ?? {};
    return READ_MODELS.filter((name) => (readModels[name] as { leaderInThisProcess?: boolean } | undefined)?.leaderInThisProcess);
  } catch {
    return undefined;
  }
}

/** Until every read model has a leader in one of the projectors; returns who leads what. */
async function waitForLeaders(projectors: readonly ServerProcess[], timeoutMs: number): Promise<Map<ServerProcess, string[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const led = new Map<ServerProcess, string[]>();
    for (const projector of projectors) if (projector.alive) led.set(projector, (await ledBy(projector)) ?? []);
    const covered = new Set([...led.values()].flat());
    if (READ_MODELS.every((name) => covered.has(name))) return led;
    if (Date.now() > deadline)
      throw new Error(`no leader for every read model within ${timeoutMs} ms: ${JSON.stringify([...covered])}`);
    await sleep(50);
  }
}

interface Kill {
  readonly what: string;
  readonly pid: number;
  readonly atSecond: number;
  readonly takeoverMs?: number;
  readonly readModels?: readonly string[];
}

(skipReason ? describe.skip : describe)(
  `Scale: ${API_COUNT} apis and ${PROJECTOR_COUNT} projectors on one database, ${settings.caseworkers} caseworkers for ${LOAD_SECONDS} s, kill -9 of an api and the leading projector`,
  () => {
    let stack: HardeningStack;
    let catalogue: Catalogue;
    const apis: ServerProcess[] = [];
    const projectors: ServerProcess[] = [];
    const ledger = new Ledger();
    const kills: Kill[] = [];
    let stats: LoadStats | undefined;
    let balancer: Balancer;
    const figures: Record<string, unknown> = {};

    beforeAll(async () => {
      stack = new HardeningStack(process.env.DATABASE_URL!, 'hs');
      // The first api and projector create the schema; the others start beside them.
      apis.push(await stack.startApi());
      projectors.push(await stack.startProjector());
      for (let i = 2; i <= API_COUNT; i++) apis.push(new ServerProcess(`api ${i}`, API_MAIN, await freePort(), stack.env()));
      for (let i = 2; i <= PROJECTOR_COUNT; i++) {
        projectors.push(new ServerProcess(`projector ${i}`, PROJECTOR_MAIN, await freePort(), stack.env()));
      }
      await Promise.all([...apis, ...projectors].map((server) => server.waitUntilReady()));
      catalogue = await stack.createCatalogue();
      balancer = new Balancer(apis, stack);
    }, 180_000);

    afterAll(async () => {
      for (const server of [...apis, ...projectors]) await server.kill();
      await stack?.destroy();
      mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
      const result = { date: new Date().toISOString(), apis: API_COUNT, projectors: PROJECTOR_COUNT, ...figures };
      writeFileSync(join(ROOT, 'bench', 'results', 'scale.json'), `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`\nScale figures (bench/results/scale.json):\n${JSON.stringify(result, null, 2)}\n`);
    }, 60_000);

    it('answers every command across the apis while one api and the leading projector are killed, and another projector leads within 10 s', async () => {
      const startedAt = Date.now();
      const second = () => Math.round((Date.now() - startedAt) / 100) / 10;
      const load = new CaseworkerLoad(balancer, {
        caseworkers: settings.caseworkers,
        catalogue,
        ledger,
        retryForMs: 20_000,
      }).start();

      await sleep(LOAD_SECONDS * 250);
      const victim = apis[1]!;
      const apiPid = victim.pid!;
      await victim.kill('SIGKILL');
      kills.push({ what: victim.name, pid: apiPid, atSecond: second() });

      await sleep(LOAD_SECONDS * 250);
      const leaders = await waitForLeaders(projectors, 10_000);
      // The projector that leads the most read models (journeys on a tie): the one whose loss matters most.
      const [leader, led] = [...leaders].sort(
        ([, a], [, b]) => b.length - a.length || Number(b.includes('journeys')) - Number(a.includes('journeys')),
      )[0]!;
      const successor = projectors.find((projector) => projector !== leader)!;
      const projectorPid = leader.pid!;
      await leader.kill('SIGKILL');
      const killedAt = Date.now();
      kills.push({ what: 'projector leading ' + led.join(' and '), pid: projectorPid, atSecond: second() });
      let takeoverMs: number | undefined;
      while (Date.now() - killedAt < TAKEOVER_LIMIT_MS * 3) {
        const now = await ledBy(successor);
        if (now && led.every((name) => now.includes(name))) {
          takeoverMs = Date.now() - killedAt;
          break;
        }
        await sleep(50);
      }
      kills[1] = { ...kills[1]!, takeoverMs: takeoverMs ?? -1, readModels: led };

      await sleep(Math.max(0, LOAD_SECONDS * 1000 - (Date.now() - startedAt)));
      stats = await load.stop();

      const unanswered = ledger.commands.filter((command) => command.outcome !== 'ok').length;
      const retried = ledger.retried.length;
      const readFailures = Object.values(stats.readFailures).reduce((sum, n) => sum + n, 0);
      const errorLines = [...apis, ...projectors]
        .filter((server) => server.alive)
        .flatMap((server) => server.logLines().filter((line) => /"level":(50|60)/.test(line)));
      Object.assign(figures, {
        caseworkers: settings.caseworkers,
        loadSeconds: LOAD_SECONDS,
        requests: {
          commands: stats.commands,
          reads: stats.reads,
          commandsPerSecond: Math.round(stats.commands / LOAD_SECONDS),
          triesByApi: Object.fromEntries(balancer.sent),
          retriedCommands: retried,
          unanswered,
          readFailures: stats.readFailures,
          latencyMs: {
            p50: percentile(stats.latenciesMs, 50),
            p95: percentile(stats.latenciesMs, 95),
            p99: percentile(stats.latenciesMs, 99),
          },
        },
        kills,
        takeoverMs: takeoverMs ?? null,
        errorLinesInSurvivors: errorLines.length,
      });
      record({
        suite: SUITE,
        check: `${API_COUNT} apis, ${PROJECTOR_COUNT} projectors, kill -9 an api and the leading projector`,
        cases: stats.commands + stats.reads,
        failures: unanswered + stats.refusals.length + (takeoverMs === undefined || takeoverMs > TAKEOVER_LIMIT_MS ? 1 : 0),
        notes:
          `${stats.commands} commands (${Math.round(stats.commands / LOAD_SECONDS)}/s), ${stats.reads} reads, tries by api ` +
          `${[...balancer.sent].map(([name, n]) => `${name} ${n}`).join(', ')}; ${retried} commands retried after a kill; ` +
          `kills: ${kills.map((kill) => `${kill.what} (pid ${kill.pid}) at ${kill.atSecond} s`).join(', ')}; ` +
          `new leader in ${takeoverMs ?? 'more than 30000'} ms`,
      });

      expect(stats.refusals).toEqual([]);
      expect(unanswered).toBe(0);
      expect(readFailures).toBeLessThanOrEqual(stats.reads);
      expect([...balancer.sent.keys()].sort()).toEqual(apis.map((api) => api.name).sort());
      expect(takeoverMs).toBeDefined();
      expect(takeoverMs!).toBeLessThanOrEqual(TAKEOVER_LIMIT_MS);
      expect(errorLines).toEqual([]);
    }, 300_000);

    it('has every 2xx command in the log exactly once, and nothing stored twice', async () => {
      const check = await checkLog(stack.pool, stack.schema, ledger);
      Object.assign(figures, {
        eventsInLog: check.eventsInLog,
        acknowledged: check.acknowledged,
        lost: check.lost,
        duplicated: check.duplicated,
      });
      recordExactlyOnce(SUITE, check);
    }, 120_000);

    it('has read models, built by the projector that took over, equal to a rebuild from the log', async () => {
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const followed = await dumpReadModels(stack.pool, stack.schema);
      const rebuild = await runCli(['rebuild', 'all'], stack.env());
      expect(rebuild.code).toBe(0);
      await waitUntilCaughtUp(stack.pool, stack.schema);
      const rebuilt = await dumpReadModels(stack.pool, stack.schema);
      const difference = compareDumps(followed, rebuilt);
      Object.assign(figures, { readModelRows: difference.rows, readModelRowsDiffering: difference.differingRows });
      record({
        suite: SUITE,
        check: 'read models equal a rebuild after the takeover',
        cases: difference.rows,
        failures: difference.differingRows,
        notes:
          `${difference.tables} tables, ${difference.rows} rows` +
          (difference.examples.length ? `; ${difference.examples.join('; ')}` : ''),
      });
      expect(difference.rows).toBeGreaterThan(0);
      expect(difference.examples).toEqual([]);
    }, 180_000);
  },
);
