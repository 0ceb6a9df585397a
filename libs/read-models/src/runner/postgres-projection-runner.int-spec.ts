import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { projectionRunnerContract } from '../testing/projection-runner.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('The projection runner on PostgreSQL', () => {
  const url = usePostgres();
  projectionRunnerContract(async () => {
    const sql = PgSqlClient.connect(url());
    const schema = uniqueSchema('rm');
    return {
      sql,
      schema,
      close: async () => {
        const schemas = await sql.query<{ name: string }>(
          "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'",
          [schema],
        );
        await sql.exec(schemas.map((row) => `DROP SCHEMA IF EXISTS ${quoteIdent(row.name)} CASCADE;`).join('\n'));
        await sql.close();
      },
    };
  });
});
