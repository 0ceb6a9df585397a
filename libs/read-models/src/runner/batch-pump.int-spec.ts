import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import type { EventStore, SubscriptionBatch } from '@samspar/event-store';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { START } from '@samspar/kernel';
import { batchPump } from './batch-pump';

/** The real store, with its subscriptions counted and every batch's acknowledgement seen. */
function watched(store: EventStore) {
  const seen = { open: 0, received: 0, acked: 0 };
  const subscribe: EventStore['subscribe'] = (options) =>
    new Observable<SubscriptionBatch>((subscriber) => {
      seen.open += 1;
      const inner = store.subscribe(options).subscribe({
        next: (batch) => {
          seen.received += 1;
          subscriber.next({ ...batch, ack: () => ((seen.acked += 1), batch.ack()) });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        seen.open -= 1;
        inner.unsubscribe();
      };
    });
  return { store: Object.assign(Object.create(store) as EventStore, { subscribe }), seen };
}

/** Waits until `done` holds (the store delivers on its own schedule), then a little longer, for anything extra to show. */
async function settle(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('The batch pump', () => {
  let sql: PGliteSqlClient;
  let store: PostgresEventStore;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql, pollIntervalMs: 20 });
    for (let i = 0; i < 6; i += 1) {
      await store.append(`pump-${randomUUID()}`, [
        { id: randomUUID(), type: 'Pumped', data: { i }, metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 } },
      ]);
    }
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  it('gives every event once, in order, then says the log is idle', async () => {
    const stop = new AbortController();
    const types: number[] = [];
    for await (const item of batchPump(store, { from: START, batchSize: 4, signal: stop.signal, idleMs: 100 })) {
      if ('idle' in item) break;
      types.push(...item.batch.events.map((event) => (event.data as { i: number }).i));
    }
    expect(types).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads one batch ahead of the one being applied, and no further', async () => {
    const { store: counted, seen } = watched(store);
    const stop = new AbortController();
    const pump = batchPump(counted, { from: START, batchSize: 1, signal: stop.signal, idleMs: 1_000 });
    const first = await pump.next();
    expect(first.done).toBe(false);
    // While the first is being applied, the subscription may read only one more.
    await settle(() => seen.received >= 2);
    expect(seen.received).toBe(2);
    expect(seen.acked).toBe(1);
    await pump.next();
    await settle(() => seen.received >= 3);
    expect(seen.received).toBe(3);
    await pump.return(undefined);
    expect(seen.open).toBe(0);
  });

  it('ends when stopped while waiting, and lets go of the subscription', async () => {
    const { store: counted, seen } = watched(store);
    const stop = new AbortController();
    const items: string[] = [];
    const consumed = (async () => {
      for await (const item of batchPump(counted, { from: START, batchSize: 10, signal: stop.signal, idleMs: 5_000 })) {
        items.push('idle' in item ? 'idle' : 'batch');
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop.abort();
    await consumed;
    expect(items).toEqual(['batch']);
    expect(seen.open).toBe(0);
  });

  it('passes on a failure of the subscription', async () => {
    const failing = Object.assign(Object.create(store) as EventStore, {
      subscribe: () => new Observable<SubscriptionBatch>((subscriber) => subscriber.error(new Error('connection lost'))),
    });
    const stop = new AbortController();
    const pump = batchPump(failing, { from: START, batchSize: 10, signal: stop.signal, idleMs: 1_000 });
    await expect(pump.next()).rejects.toThrow('connection lost');
  });
});
