import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { percentile, round } from './report';

/** One autocannon run, as the worker thread receives it. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  /** Run for this long, unless `amount` is set. */
  readonly seconds: number;
  /** Stop after this many requests instead. */
  readonly amount?: number;
  /** Request i goes to paths[i % paths.length] with authorizations[i % authorizations.length]. */
  readonly paths: readonly string[];
  readonly authorizations: readonly string[];
  /** Where in the rotation this run begins, so that a warm-up and the measured run never share a target. */
  readonly startAt: number;
  readonly body: string;
}

export interface LoadRun {
  readonly seconds: number;
  readonly sent: number;
  readonly completed: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** Every response, 2xx or not, at full precision (autocannon's own histogram keeps whole milliseconds). */
  readonly latenciesMs: Float64Array;
  /** The rotation index after the run; requests built but never sent count as used. */
  readonly nextIndex: number;
}

export interface LoadCell {
  readonly requests: number;
  readonly seconds: number;
  /** Every completed response per second, whatever its status. */
  readonly requestsPerSecond: number;
  /** 2xx responses per second: the commands that took effect. */
  readonly okPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly errors: { readonly non2xx: number; readonly socket: number; readonly timeouts: number; readonly total: number };
  readonly statusCodes: Record<string, number>;
}

/**
 * Runs autocannon in a worker thread: on the server's own thread its parsing and timers would
 * compete with the server it measures.
 */
export function runLoad(job: LoadJob): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: job });
    let settled = false;
    worker.once('message', (run: LoadRun) => {
      settled = true;
      resolve(run);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the load worker exited with code ${code} before it reported`));
    });
  });
}

export function loadCell(run: LoadRun): LoadCell {
  const sorted = Float64Array.from(run.latenciesMs).sort();
  const sum = sorted.reduce((total, value) => total + value, 0);
  const asArray = Array.from(sorted);
  return {
    requests: run.completed,
    seconds: run.seconds,
    requestsPerSecond: Math.round(run.completed / run.seconds),
    okPerSecond: Math.round(run.ok / run.seconds),
    p50Ms: round(percentile(asArray, 50), 3),
    p99Ms: round(percentile(asArray, 99), 3),
    p999Ms: round(percentile(asArray, 99.9), 3),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 3),
    meanMs: round(sorted.length ? sum / sorted.length : Number.NaN, 3),
    errors: {
      non2xx: run.non2xx,
      socket: run.socketErrors,
      timeouts: run.timeouts,
      total: run.non2xx + run.socketErrors + run.timeouts,
    },
    statusCodes: run.statusCodes,
  };
}
