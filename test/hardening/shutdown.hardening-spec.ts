import { randomUUID } from 'node:crypto';
import { HardeningStack, whyNoDatabase } from './support/stack';
import { sleep } from './support/processes';

const skip = whyNoDatabase();
if (skip) console.warn(`Shutdown under load skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

interface Answer {
  readonly requestId: string;
  readonly status: number;
}

/**
 * SIGTERM while caseworkers keep sending: the api stops taking connections, answers what it took, writes those
 * requests' audit rows, and only then closes its pools.
 */
maybe('When the api gets SIGTERM under load', () => {
  jest.setTimeout(180_000);
  const stack = new HardeningStack(process.env.DATABASE_URL!, 'shutdown');
  const answers: Answer[] = [];
  let stopMs = 0;
  let exit: { code: number | null; signal: NodeJS.Signals | null };

  beforeAll(async () => {
    const api = await stack.startApi();
    const { organisations } = await stack.createCatalogue(1, 0);
    const token = await stack.token({
      userId: 'shutdown-caseworker',
      role: 'caseworker',
      organisationIds: [organisations[0]!.id],
      permissions: [],
    });
    // A live referral inbox never ends by itself; it must not hold the shutdown up.
    const inbox = new AbortController();
    const stream = await fetch(`${stack.baseUrl}/api/v1/referrals/inbox/events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      signal: inbox.signal,
    });
    expect(stream.status).toBe(200);
    let stopping = false;
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (!stopping) {
        const requestId = randomUUID();
        const participantId = randomUUID();
        try {
          const response = await fetch(`${stack.baseUrl}/api/v1/participants`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': randomUUID(),
              'x-request-id': requestId,
            },
            body: JSON.stringify({
              participantId,
              anonymous: true,
              anonymousReason: 'no_consent',
              birthYear: 1980,
              gender: 'kvinna',
              newlyArrived: false,
              educationBand: 'unknown',
            }),
          });
          await response.arrayBuffer();
          answers.push({ requestId, status: response.status });
        } catch {
          // The listener is closed: a load balancer would send this one elsewhere.
          if (!api.alive) return;
          await sleep(5);
        }
        sent++;
      }
    };
    const workers = Array.from({ length: 16 }, () => worker());
    while (sent < 200) await sleep(10);
    const signalled = Date.now();
    api.child.kill('SIGTERM');
    // A process that hangs on its keep-alive connections fails here rather than at jest's timeout.
    const hung = setTimeout(() => api.child.kill('SIGKILL'), 60_000);
    exit = await api.exited;
    clearTimeout(hung);
    stopMs = Date.now() - signalled;
    inbox.abort();
    stopping = true;
    await Promise.all(workers);
  });

  afterAll(() => stack.destroy());

  it('exits 0 after answering what it took, an open event stream notwithstanding', () => {
    expect(exit).toEqual({ code: 0, signal: null });
    // Well inside the 20 s drain: only the commands in flight were waited for.
    expect(stopMs).toBeLessThan(10_000);
    expect(answers.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(200);
    // A request it took is answered, not cut off: anything else is a refused connection, not a 5xx.
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);
  });

  it('wrote the outcome row of every command it answered', async () => {
    const answered = answers.map((answer) => answer.requestId);
    const { rows } = await stack.pool.query<{ request_id: string }>(
      `SELECT request_id FROM "${stack.schema}".audit_log WHERE request_id = ANY($1) AND outcome = '201'`,
      [answered],
    );
    const recorded = new Set(rows.map((row) => row.request_id));
    expect(answered.filter((id) => !recorded.has(id))).toEqual([]);
    expect(recorded.size).toBe(answered.length);
  });

  it('logged nothing at error level while stopping', () => {
    const errors = stack.api!.logLines().filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});

/**
 * Clients that give up just as the api is stopped: their connections close while their commands still run. The
 * drain must wait for those commands, not for their connections, or their outcome rows meet closed pools.
 */
maybe('When clients abandon their commands just as the api gets SIGTERM', () => {
  jest.setTimeout(180_000);
  const stack = new HardeningStack(process.env.DATABASE_URL!, 'shutdown_abandoned');
  const sent: string[] = [];
  let exit: { code: number | null; signal: NodeJS.Signals | null };

  beforeAll(async () => {
    const api = await stack.startApi();
    const { organisations } = await stack.createCatalogue(1, 0);
    const token = await stack.token({
      userId: 'shutdown-abandoning-caseworker',
      role: 'caseworker',
      organisationIds: [organisations[0]!.id],
      permissions: [],
    });
    const giveUp = new AbortController();
    let answered = 0;
    const worker = async (): Promise<void> => {
      while (!giveUp.signal.aborted) {
        const requestId = randomUUID();
        sent.push(requestId);
        try {
          const response = await fetch(`${stack.baseUrl}/api/v1/participants`, {
            method: 'POST',
            signal: giveUp.signal,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': randomUUID(),
              'x-request-id': requestId,
            },
            body: JSON.stringify({
              participantId: randomUUID(),
              anonymous: true,
              anonymousReason: 'no_consent',
              birthYear: 1980,
              gender: 'man',
              newlyArrived: false,
              educationBand: 'unknown',
            }),
          });
          await response.arrayBuffer();
          answered++;
        } catch {
          return;
        }
      }
    };
    const workers = Array.from({ length: 32 }, () => worker());
    while (answered < 200) await sleep(10);
    // Every client drops its connection with its command under way, and the api is stopped at that moment.
    giveUp.abort();
    api.child.kill('SIGTERM');
    const hung = setTimeout(() => api.child.kill('SIGKILL'), 60_000);
    exit = await api.exited;
    clearTimeout(hung);
    await Promise.all(workers);
  });

  afterAll(() => stack.destroy());

  it('exits 0', () => {
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('wrote an outcome row for every command it began, abandoned ones included', async () => {
    const { rows } = await stack.pool.query<{ request_id: string; outcomes: string[] }>(
      `SELECT request_id, array_agg(outcome ORDER BY id) AS outcomes FROM "${stack.schema}".audit_log
        WHERE request_id = ANY($1) GROUP BY request_id`,
      [sent],
    );
    // Commands the api began: a pending row. Each needs its outcome after it.
    const begun = rows.filter((row) => row.outcomes.includes('pending'));
    expect(begun.length).toBeGreaterThan(200);
    expect(begun.filter((row) => row.outcomes.length !== 2 || row.outcomes[0] !== 'pending')).toEqual([]);
  });

  it('logged nothing at error level while stopping', () => {
    const errors = stack.api!.logLines().filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});
