import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '../testing/test-environment';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient, quoteIdent } from './sql-client';

describeWhen(postgresForTests.available, postgresForTests.reason)('Event store contract on PostgreSQL', () => {
  const url = usePostgres();
  eventStoreContract(async (upcasters) => {
    const sql = PgSqlClient.connect(url(), { max: 20 });
    const schema = uniqueSchema('es');
    const store = await PostgresEventStore.create({ sql, schema, upcasters, pollIntervalMs: 100 });
    return {
      store,
      close: async () => {
        await store.close();
        await sql.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      },
    };
  });
});
