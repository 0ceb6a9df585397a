import { performance } from 'node:perf_hooks';

export interface AppendSamples {
  readonly latenciesMs: number[];
  readonly seconds: number;
}

/**
 * Runs `count` calls of `op` from `writers` concurrent loops that share one counter,
 * timing each call and the whole run.
 */
export async function runAppends(count: number, writers: number, op: () => Promise<void>): Promise<AppendSamples> {
  const latenciesMs = new Array<number>(count);
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      await op();
      latenciesMs[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  return { latenciesMs, seconds: (performance.now() - started) / 1000 };
}

/** Times a full read; `read` resolves to the number of events it saw. */
export async function timeRead(read: () => Promise<number>): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const events = await read();
  return { events, seconds: (performance.now() - started) / 1000 };
}
