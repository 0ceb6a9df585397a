import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { keyVaultContract } from './testing/key-vault.contract';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';

describeWhen(postgresForTests.available, postgresForTests.reason)('KeyVault on PostgreSQL', () => {
  const url = usePostgres();
  keyVaultContract(async () => {
    const sql = PgSqlClient.connect(url());
    const schema = uniqueSchema('pk');
    return {
      sql,
      schema,
      close: async () => {
        await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await sql.close();
      },
    };
  });
});
