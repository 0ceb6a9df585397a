/**
 * How long each page of the web app takes to show its data, on the demo region (10,000 participants by default)
 * served as `npm start` serves it (the built api on PGlite), in Debian's Chromium. A sample is a fresh page load:
 * from the navigation's start until the page's data is on screen (its h1 is there, no spinner is left in <main>,
 * no call to the api is still open, and the page's own data element is drawn). Beside it, when the page's last
 * api answer arrived: the floor the app cannot render before. Budget 300 ms per page (issue 14).
 *
 *   npm run bench:web:render                        # 10,000 participants, data kept in dist/bench-web-data
 *   SAMSPAR_BENCH_WEB_PARTICIPANTS=2000 npm run bench:web:render
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { percentile, renderTable, round, writeJson } from './lib/report';

const ROOT = process.cwd();
const PARTICIPANTS = Number(process.env.SAMSPAR_BENCH_WEB_PARTICIPANTS ?? 10_000);
const DATA = process.env.SAMSPAR_BENCH_WEB_DATA ?? join(ROOT, 'dist', `bench-web-data-${PARTICIPANTS}`);
const PORT = Number(process.env.SAMSPAR_BENCH_WEB_PORT ?? 3989);
const BASE = `http://127.0.0.1:${PORT}`;
const SAMPLES = Number(process.env.SAMSPAR_BENCH_WEB_SAMPLES ?? 20);
const WARM_UP = 3;
const BUDGET_MS = 300;
const RESULTS = join(ROOT, 'bench', 'results', 'web-render.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Role = 'caseworker' | 'manager' | 'evaluator' | 'admin';

interface PageCase {
  readonly name: string;
  readonly role: Role;
  readonly path: string;
  /** Drawn only once the page's data is: a row, a list item, a figure. */
  readonly ready: string;
}

interface Account {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: string;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The demo region, written once per size and kept (it takes minutes); a marker says it is complete. */
function ensureDemoRegion(): void {
  const marker = join(DATA, '.bench-complete');
  if (existsSync(marker)) return;
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(DATA, { recursive: true });
  log(`Writing a demo region of ${PARTICIPANTS.toLocaleString('en')} participants to ${DATA} (once) …`);
  const run = spawnSync(
    process.execPath,
    ['dist/apps/cli/src/main.js', 'demo:generate', '--participants', String(PARTICIPANTS)],
    { cwd: ROOT, env: pgliteEnv(), stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`demo:generate failed with exit code ${run.status}`);
  writeFileSync(marker, new Date().toISOString());
}

function pgliteEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: DATA, LOG_LEVEL: 'warn', PORT: String(PORT) };
  delete env['DATABASE_URL'];
  delete env['DATABASE_SCHEMA'];
  delete env['REPORTS_DATABASE_URL'];
  return env;
}

async function startApi(): Promise<ChildProcess> {
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: pgliteEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`The api exited with code ${api.exitCode}`);
    try {
      if ((await fetch(`${BASE}/health/ready`)).ok) return api;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('The api did not become ready within 3 minutes');
}

async function api<T>(path: string, token?: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function tokenFor(role: Role, organisationId: string): Promise<string> {
  const answer = await api<{ accessToken: string }>('/api/v1/sign-in/development/token', undefined, {
    method: 'POST',
    body: JSON.stringify({ role, organisationIds: [organisationId] }),
  });
  return answer.accessToken;
}

/** The session the app keeps in sessionStorage after a development sign-in (apps/web/src/auth/session.ts). */
function sessionOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return JSON.stringify({
    token,
    userId: claims['sub'],
    role: claims['role'],
    organisationIds: [claims['org']].filter((each) => typeof each === 'string'),
    expiresAt: Number(claims['exp']) * 1000,
    mode: 'development',
  });
}

/** The organisation of a kind with the most journeys: the busiest pages of the region. */
async function busiest(accounts: readonly Account[], kind: string): Promise<{ account: Account; token: string }> {
  let best: { account: Account; token: string; count: number } | undefined;
  for (const account of accounts.filter((each) => each.kind === kind)) {
    const token = await tokenFor('caseworker', account.organisationId);
    const page = await api<{ items: unknown[] }>('/api/v1/journeys?scope=organisation&limit=100', token);
    if (!best || page.items.length > best.count) best = { account, token, count: page.items.length };
    if (page.items.length === 100) break;
  }
  if (!best) throw new Error(`The demo region has no organisation of kind ${kind}`);
  return best;
}

const REPORT_PAGES = [
  'overgangar',
  'deltagarprofil',
  'arendebelastning',
  'obesvarade-remisser',
  'skickade-remisser',
  'mottagna-remisser',
  'remissfloden',
] as const;

async function pageCases(): Promise<{ cases: PageCase[]; organisations: Map<Role, string> }> {
  const accounts = (await api<{ organisations: Account[] }>('/api/v1/sign-in/development/accounts')).organisations;
  const kinds = [...new Set(accounts.map((each) => each.kind))];
  const labourMarket = kinds.find((kind) => /labour_market/i.test(kind)) ?? kinds[0]!;
  const { account, token } = await busiest(accounts, labourMarket);
  const journeys = await api<{ items: { participantId: string; journeyId: string }[] }>(
    '/api/v1/journeys?scope=organisation&limit=1',
    token,
  );
  const first = journeys.items[0];
  if (!first) throw new Error(`${account.name} has no journeys`);
  const organisations = new Map<Role, string>([
    ['caseworker', account.organisationId],
    ['manager', account.organisationId],
    ['evaluator', account.organisationId],
    ['admin', account.organisationId],
  ]);
  const journey = `/deltagare/${first.participantId}/resor/${first.journeyId}`;
  const cases: PageCase[] = [
    { name: 'start (caseworker)', role: 'caseworker', path: '/', ready: 'main h1' },
    { name: 'referral inbox', role: 'caseworker', path: '/inkorg', ready: 'main table tbody tr, main p' },
    { name: 'participant', role: 'caseworker', path: `/deltagare/${first.participantId}`, ready: 'main h2' },
    { name: 'journey', role: 'caseworker', path: journey, ready: 'main ol li, main table tbody tr' },
    { name: 'outcome report', role: 'manager', path: '/rapporter/utfall', ready: 'main table tbody tr' },
    { name: 'outbox', role: 'caseworker', path: '/utkorg', ready: 'main table tbody tr, main .ds-alert' },
    { name: 'Mina ärenden (mine)', role: 'caseworker', path: '/arenden', ready: 'main table tbody tr, main .no-rows' },
    { name: 'Mina ärenden (all open)', role: 'caseworker', path: '/arenden?visa=all', ready: 'main table tbody tr' },
    { name: 'Mina ärenden (idle)', role: 'caseworker', path: '/arenden?visa=idle', ready: 'main table tbody tr, main .no-rows' },
    { name: 'Att göra', role: 'caseworker', path: '/att-gora', ready: 'main .task-list li, main .no-rows' },
    { name: 'reports dashboard', role: 'manager', path: '/rapporter', ready: 'main .ds-card' },
    ...REPORT_PAGES.map((slug): PageCase => ({
      name: `report ${slug}`,
      role: 'manager',
      path: `/rapporter/${slug}`,
      ready: 'main table tbody tr, main p.no-rows',
    })),
    { name: 'admin organisations', role: 'admin', path: '/admin/organisationer', ready: 'main table tbody tr' },
    { name: 'admin tracks', role: 'admin', path: '/admin/spar', ready: 'main table tbody tr' },
    { name: 'admin audit log', role: 'admin', path: '/admin/granskning', ready: 'main table tbody tr, main .ds-alert' },
    { name: 'admin read models', role: 'admin', path: '/admin/lasmodeller', ready: 'main ul li' },
    { name: 'evaluator export', role: 'evaluator', path: '/utvardering/export', ready: 'main form' },
    {
      name: 'journey as of a date',
      role: 'evaluator',
      path: `/utvardering/resa?deltagare=${first.participantId}&resa=${first.journeyId}`,
      ready: 'main ol li, main table tbody tr',
    },
  ];
  return { cases, organisations };
}

/** In the page: counts the api calls still open (the inbox's event stream aside). */
const COUNT_FETCHES = `(() => {
  window.__openCalls = 0;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof Request ? input.url : String(input);
    const counted = url.includes('/api/') && !url.includes('/stream');
    if (counted) window.__openCalls += 1;
    try { return await original(input, init); } finally { if (counted) window.__openCalls -= 1; }
  };
})();`;

interface Sample {
  readonly renderedMs: number;
  readonly lastApiAnswerMs: number;
}

/** In the page: the moment the data is on screen, or false (polled every frame). */
const DATA_ON_SCREEN = (selector: string): string => `(() => {
  const main = document.querySelector('main');
  const done = main !== null && main.querySelector('h1') !== null &&
    main.querySelector('.ds-spinner, [aria-busy="true"]') === null && window.__openCalls === 0 &&
    main.querySelector(${JSON.stringify(selector)}) !== null;
  return done ? performance.now() : false;
})()`;

/** In the page: when the last api answer (the event stream aside) finished arriving. */
const LAST_API_ANSWER = `Math.max(0, ...performance.getEntriesByType('resource')
  .filter((entry) => entry.name.includes('/api/') && !entry.name.includes('/stream'))
  .map((entry) => entry.responseEnd))`;

async function measure(page: Page, path: string, ready: string): Promise<Sample> {
  await page.goto(`${BASE}${path}`, { waitUntil: 'commit' });
  const handle = await page
    .waitForFunction(DATA_ON_SCREEN(ready), undefined, { polling: 'raf', timeout: 30_000 })
    .catch((error: unknown) => {
      throw new Error(`${path}: no data on screen (${ready}) within 30 s: ${String(error)}`);
    });
  const renderedMs = (await handle.jsonValue()) as number;
  const lastApiAnswerMs = (await page.evaluate(LAST_API_ANSWER)) as number;
  return { renderedMs, lastApiAnswerMs };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('Build first: npm run build');
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium`);
  ensureDemoRegion();
  const server = await startApi();
  let browser: Browser | undefined;
  try {
    const { cases, organisations } = await pageCases();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const sessions = new Map<Role, string>();
    for (const role of new Set(cases.map((each) => each.role))) {
      sessions.set(role, sessionOf(await tokenFor(role, organisations.get(role)!)));
    }
    const rows = [];
    for (const each of cases) {
      // bypassCSP: Playwright polls its predicate through eval, which the app's CSP (rightly) refuses.
      const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', bypassCSP: true });
      // As script text: init scripts run before the page's own, outside its content security policy.
      await context.addInitScript({
        content: `sessionStorage.setItem('samspar.session', ${JSON.stringify(sessions.get(each.role)!)});\n${COUNT_FETCHES}`,
      });
      const page = await context.newPage();
      const samples: Sample[] = [];
      for (let i = 0; i < WARM_UP + SAMPLES; i += 1) {
        const sample = await measure(page, each.path, each.ready);
        if (i >= WARM_UP) samples.push(sample);
      }
      await context.close();
      const rendered = samples.map((sample) => sample.renderedMs).sort((a, b) => a - b);
      const answered = samples.map((sample) => sample.lastApiAnswerMs).sort((a, b) => a - b);
      rows.push({
        page: each.name,
        role: each.role,
        path: each.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'),
        samples: samples.length,
        renderedP50Ms: round(percentile(rendered, 50), 1),
        renderedP95Ms: round(percentile(rendered, 95), 1),
        lastApiAnswerP50Ms: round(percentile(answered, 50), 1),
        shareOfBudget: round(percentile(rendered, 95) / BUDGET_MS, 2),
        withinBudget: percentile(rendered, 95) <= BUDGET_MS,
      });
    }
    const result = {
      measuredAt: new Date().toISOString(),
      participants: PARTICIPANTS,
      budgetMs: BUDGET_MS,
      measure: 'navigation start to data on screen, fresh page load, p95 over samples',
      pages: rows,
      allWithinBudget: rows.every((row) => row.withinBudget),
    };
    console.log(
      renderTable(
        ['page', 'role', 'data on screen p50 / p95', 'last api answer p50', 'p95 / budget 300 ms'],
        rows.map((row) => [
          row.page,
          row.role,
          `${row.renderedP50Ms} / ${row.renderedP95Ms} ms`,
          `${row.lastApiAnswerP50Ms} ms`,
          `${row.shareOfBudget}×`,
        ]),
      ),
    );
    writeJson(RESULTS, result);
    if (!result.allWithinBudget) process.exitCode = 1;
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
