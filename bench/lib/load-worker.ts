/** The worker thread behind runLoad(): one autocannon run, reported back to the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadJob, LoadRun } from './load';

const job = workerData as LoadJob;
// One counter for all connections, so that no two requests of the run share a target.
let next = job.startAt;
let latencies = new Float64Array(1 << 16);
let count = 0;

function record(ms: number): void {
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[count++] = ms;
}

// autocannon's own duration is in whole seconds when a run stops at an amount: a 2.01 s warm-up read as 3 s
// planned a third too few targets for the measured run.
const started = performance.now();
const instance = autocannon(
  {
    url: job.url,
    connections: job.connections,
    pipelining: 1,
    ...(job.amount !== undefined ? { amount: job.amount } : { duration: job.seconds }),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: job.body,
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            path: job.paths[i % job.paths.length]!,
            headers: { ...request.headers, authorization: job.authorizations[i % job.authorizations.length]! },
          };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    const run: LoadRun = {
      seconds: job.amount !== undefined ? (performance.now() - started) / 1000 : result.duration,
      sent: result.totalRequests,
      completed: result.totalCompletedRequests,
      ok: result['2xx'],
      non2xx: result.non2xx,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
      latenciesMs: latencies.slice(0, count),
      nextIndex: next,
    };
    parentPort!.postMessage(run);
  },
);

instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => record(responseTimeMs));
