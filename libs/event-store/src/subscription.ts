import { Observable, Subscription } from 'rxjs';
import { GlobalPosition, RecordedEvent } from '@samspar/kernel';
import { SubscriptionBatch } from './event-store.port';

export interface BatchRead {
  readonly events: readonly RecordedEvent[];
  /** Checkpoint after this read; may move past filtered-out events. */
  readonly position: GlobalPosition;
  /** True when events exist that a reader cannot see yet (an older writer is still committing). */
  readonly pending: boolean;
}

export interface CatchUpOptions {
  readonly from: GlobalPosition;
  readonly batchSize: number;
  readonly manualAck: boolean;
  readonly pollIntervalMs: number;
  readBatch(after: GlobalPosition, limit: number): Promise<BatchRead>;
  /** Emits whenever new events may have been committed. */
  readonly wakeups: Observable<unknown>;
}

const FAST_POLL_MS = 5;
const WAKE_COALESCE_MS = 10;

/**
 * Catch-up-then-live over any store that can read a batch after a checkpoint.
 * It holds at most one batch at a time: with `manualAck` it waits for the consumer
 * before reading on, which is the backpressure.
 */
export function catchUpSubscription(options: CatchUpOptions): Observable<SubscriptionBatch> {
  return new Observable<SubscriptionBatch>((subscriber) => {
    let closed = false;
    let dirty = true;
    let wake: (() => void) | undefined;
    const wakeups: Subscription = options.wakeups.subscribe(() => {
      dirty = true;
      wake?.();
    });
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });

    (async () => {
      let position = options.from;
      let fastPoll = FAST_POLL_MS;
      while (!closed) {
        dirty = false;
        const read = await options.readBatch(position, options.batchSize);
        if (closed) return;
        const full = read.events.length >= options.batchSize;
        if (read.events.length > 0 || read.position !== position) {
          position = read.position;
          let acked!: () => void;
          const ackedPromise = new Promise<void>((resolve) => (acked = resolve));
          subscriber.next({ events: read.events, position, caughtUp: !full && !read.pending, ack: () => acked() });
          if (options.manualAck) await ackedPromise;
          if (full) continue;
        }
        if (dirty) {
          // Under a steady stream of appends, read in small bursts rather than once per append.
          await new Promise((resolve) => setTimeout(resolve, WAKE_COALESCE_MS));
          continue;
        }
        if (read.pending) {
          // A writer with an older transaction is still open; look again soon.
          await sleep(fastPoll);
          fastPoll = Math.min(fastPoll * 2, options.pollIntervalMs);
        } else {
          fastPoll = FAST_POLL_MS;
          await sleep(options.pollIntervalMs);
        }
      }
    })().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });

    return () => {
      closed = true;
      wakeups.unsubscribe();
      wake?.();
    };
  });
}
