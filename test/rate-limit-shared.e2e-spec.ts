// The rate limit across api processes: with RATE_LIMIT_REDIS_URL, two built apis on one database share one
// budget per user (the limit in total, not twice); without it each counts alone; with Redis out of reach a
// request is answered 503 with Retry-After, never let through uncounted and never a 500.
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { buildAppsOnce } from '@samspar/event-store/testing';
import { API_MAIN, ServerProcess, freePort } from './hardening/support/processes';
import { HardeningStack } from './hardening/support/stack';

const REDIS_URL = process.env.RATE_LIMIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 5;

async function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolveAnswer) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('data', (data) => {
      socket.destroy();
      resolveAnswer(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolveAnswer(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolveAnswer(false);
    });
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
  });
}

const why = !process.env.DATABASE_URL
  ? 'DATABASE_URL is not set; two api processes need a PostgreSQL server to share'
  : undefined;
if (why) console.warn(`Shared rate limit skipped: ${why}`);
const maybe = why ? describe.skip : describe;

maybe('The rate limit across two api processes', () => {
  let stack: HardeningStack;
  let redisUp = false;
  const started: ServerProcess[] = [];

  beforeAll(async () => {
    await buildAppsOnce();
    redisUp = await redisAnswers(REDIS_URL);
    stack = new HardeningStack(process.env.DATABASE_URL!, 'rl');
  }, 300_000);

  afterAll(async () => {
    for (const api of started) await api.kill();
    await stack?.destroy();
  }, 60_000);

  async function startApis(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
    const apis = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const api = new ServerProcess(
          `api ${i + 1}`,
          API_MAIN,
          await freePort(),
          stack.env({ RATE_LIMIT_PER_MINUTE: String(LIMIT), ...env }),
        );
        started.push(api);
        return api;
      }),
    );
    await Promise.all(apis.map((api) => api.waitUntilReady()));
    return apis;
  }

  /** `total` reads by one new user, taking turns between the apis; the statuses in order. */
  async function burst(
    apis: readonly ServerProcess[],
    total: number,
  ): Promise<{ statuses: number[]; retryAfter: (string | null)[] }> {
    // A user of this run only: Redis keeps counts across runs for a minute.
    const token = await stack.token({
      userId: `rate-${randomUUID()}`,
      role: 'caseworker',
      organisationIds: [randomUUID()],
      permissions: [],
    });
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < total; i++) {
      const response = await fetch(`${apis[i % apis.length]!.baseUrl}/api/v1/participants/${randomUUID()}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
    }
    return { statuses, retryAfter };
  }

  it('allows the limit in total with RATE_LIMIT_REDIS_URL, not the limit at each process', async () => {
    // Redis runs on every machine of this project and in CI (.ci/run starts it): its absence is a failure, not a skip.
    if (!redisUp) throw new Error(`No Redis answers at ${REDIS_URL}; start redis-server, or set RATE_LIMIT_TEST_REDIS_URL`);
    const apis = await startApis(2, { RATE_LIMIT_REDIS_URL: REDIS_URL });
    const { statuses, retryAfter } = await burst(apis, 4 * LIMIT);
    const allowed = statuses.filter((status) => status !== 429);
    expect(allowed).toHaveLength(LIMIT);
    // The first LIMIT pass, whichever process they reached; every later one is refused, on both.
    expect(statuses.slice(0, LIMIT).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
    expect(retryAfter.slice(LIMIT).every((value) => /^\d+$/.test(value ?? ''))).toBe(true);
    for (const api of apis) await api.kill('SIGTERM');
  }, 120_000);

  it('counts in each process without it: two processes allow twice the limit', async () => {
    const apis = await startApis(2, {});
    const { statuses } = await burst(apis, 4 * LIMIT);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(2 * LIMIT);
    for (const api of apis) await api.kill('SIGTERM');
  }, 120_000);

  it('answers 503 with Retry-After while Redis is out of reach, and starts all the same', async () => {
    const [api] = await startApis(1, { RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const { statuses, retryAfter } = await burst([api!], 3);
    expect(statuses).toEqual([503, 503, 503]);
    expect(retryAfter.every((value) => /^\d+$/.test(value ?? ''))).toBe(true);
    expect(api!.logLines().filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
    await api!.kill('SIGTERM');
  }, 120_000);
});
