import type { EventFilter, EventStore, SubscriptionBatch } from '@samspar/event-store';
import type { GlobalPosition } from '@samspar/kernel';

export type PumpItem =
  | {
      readonly batch: SubscriptionBatch;
      /** Batches read and waiting behind this one, once it is applied. */
      readonly waiting: () => number;
    }
  | { readonly idle: true };

export interface PumpOptions {
  readonly from: GlobalPosition;
  readonly filter?: EventFilter;
  readonly batchSize: number;
  /** Ends the pump; the batch being applied finishes first, since the next is asked for only after it. */
  readonly signal: AbortSignal;
  /** Yields `idle` when nothing has arrived for this long, so that the caller can look for a quiet head. */
  readonly idleMs: number;
  /** Batches read ahead while one is applied. */
  readonly readAhead?: number;
}

/**
 * The log as batches to apply, for live following and rebuilding alike. One batch is read ahead while the one
 * before is applied, so that reading and writing overlap; the subscription reads on only as batches are taken.
 * Ends when `signal` aborts or the subscription completes, and unsubscribes however the caller leaves.
 */
export async function* batchPump(store: EventStore, options: PumpOptions): AsyncGenerator<PumpItem> {
  const readAhead = options.readAhead ?? 1;
  const { signal } = options;
  const queue: SubscriptionBatch[] = [];
  const held: SubscriptionBatch[] = [];
  let applying = false;
  let failure: Error | undefined;
  let completed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  if (signal.aborted) return;
  const subscription = store
    .subscribe({
      from: options.from,
      ...(options.filter ? { filter: options.filter } : {}),
      batchSize: options.batchSize,
      manualAck: true,
    })
    .subscribe({
      next: (batch) => {
        queue.push(batch);
        if (queue.length + (applying ? 1 : 0) <= readAhead) batch.ack();
        else held.push(batch);
        notify();
      },
      error: (error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    });
  signal.addEventListener('abort', notify);
  try {
    while (!signal.aborted) {
      const batch = queue.shift();
      if (batch) {
        applying = true;
        yield { batch, waiting: () => queue.length };
        applying = false;
        // Applied: the subscription may read one more.
        held.shift()?.ack();
        continue;
      }
      if (failure) throw failure;
      if (completed) return;
      const arrived = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(false);
        }, options.idleMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (!arrived && !signal.aborted) yield { idle: true };
    }
  } finally {
    signal.removeEventListener('abort', notify);
    subscription.unsubscribe();
  }
}
