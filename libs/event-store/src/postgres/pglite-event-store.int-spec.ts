import { eventStoreContract } from '../testing/event-store.contract';
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
