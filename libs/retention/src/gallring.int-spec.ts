import { PGliteSqlClient, quoteIdent } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { gallringContract } from './gallring.contract';

describe('Gallring on PGlite', () => {
  gallringContract(async () => {
    const sql = await PGliteSqlClient.open();
    const schema = uniqueSchema('gallring');
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
