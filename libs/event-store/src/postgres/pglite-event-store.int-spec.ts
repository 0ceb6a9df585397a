import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../testing/event-store.contract';
import { STARTUP_TIMEOUT_MS } from '../testing/test-environment';
import { PostgresEventStore } from './postgres-event-store';
import { PGliteSqlClient } from './sql-client';

describe('Event store contract on PGlite', () => {
  eventStoreContract(async (upcasters) => {
    const sql = await PGliteSqlClient.open();
    const store = await PostgresEventStore.create({ sql, upcasters, pollIntervalMs: 100 });
    return {
      store,
      close: async () => {
        await store.close();
        await sql.close();
      },
    };
  });
});

describe("Counting events on PGlite (the SQL is the PostgreSQL store's)", () => {
  let sql: PGliteSqlClient;
  let store: PostgresEventStore;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  it('counts the events a filter matches: the total a rebuild shows its progress against', async () => {
    const event = (type: string) => ({
      id: randomUUID(),
      type,
      data: {},
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
    });
    await store.append(`counted-${randomUUID()}`, [event('Opened'), event('Noted')]);
    await store.append(`counted-${randomUUID()}`, [event('Opened')]);
    await store.append(`other-${randomUUID()}`, [event('Opened')]);
    expect(await store.countEvents({ categories: ['counted'] })).toBe(3);
    expect(await store.countEvents({ categories: ['counted'], types: ['Opened'] })).toBe(2);
    expect(await store.countEvents()).toBe(4);
  });
});
