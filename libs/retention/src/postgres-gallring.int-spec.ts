import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { gallringContract } from './gallring.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('Gallring on PostgreSQL', () => {
  const url = usePostgres();
  gallringContract(async () => {
    const sql = PgSqlClient.connect(url());
    const schema = uniqueSchema('gallring');
    return {
      sql,
      schema,
      close: async () => {
        await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      },
    };
  }, 'projector gallring');
});
