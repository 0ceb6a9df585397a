import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { auditLogContract } from './audit-log.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('The audit log on PostgreSQL', () => {
  const url = usePostgres();
  auditLogContract(async () => {
    const sql = PgSqlClient.connect(url());
    const schema = uniqueSchema('audit');
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
