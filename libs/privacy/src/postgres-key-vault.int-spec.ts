import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { keyVaultContract } from './testing/key-vault.contract';
import { describeWhen, uniqueSchema } from '@samspar/event-store/testing';

const url = process.env.DATABASE_URL;

describeWhen(Boolean(url), 'DATABASE_URL is not set, so there is no PostgreSQL server to test against')(
  'KeyVault on PostgreSQL',
  () => {
    keyVaultContract(async () => {
      const sql = PgSqlClient.connect(url!);
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
  },
);
