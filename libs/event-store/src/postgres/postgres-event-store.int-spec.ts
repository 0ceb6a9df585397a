import { describeWhen, uniqueSchema } from '../testing/test-environment';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { PgSqlClient, quoteIdent } from './sql-client';

const url = process.env.DATABASE_URL;

describeWhen(Boolean(url), 'DATABASE_URL is not set, so there is no PostgreSQL server to test against')(
  'Event store contract on PostgreSQL',
  () => {
    eventStoreContract(async (upcasters) => {
      const sql = PgSqlClient.connect(url!, { max: 20 });
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
  },
);
