import { openReportsSqlClient } from '../event-store.module';
import { describeWhen, postgresForTests, usePostgres } from '../testing/test-environment';
import { PgSqlClient } from './sql-client';
import type { SqlClient } from './sql-client';

/** What the fault hardening found: PostgreSQL stopping while a transaction's client sat between statements. */
describeWhen(postgresForTests.available, postgresForTests.reason)('A PostgreSQL transaction whose server goes away', () => {
  const url = usePostgres();

  it('fails the transaction, and neither crashes the process nor hands the broken client on', async () => {
    const sql = PgSqlClient.connect(url(), { max: 1, applicationName: 'samspar-lost-transaction' });
    const killer = PgSqlClient.connect(url(), { max: 1 });
    try {
      const failure = sql.transaction(async (tx) => {
        const [{ pid }] = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
        await killer.query('SELECT pg_terminate_backend($1)', [pid]);
        // Idle between statements while the server ends the session: the 'error' event arrives now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.query('SELECT 1');
      });
      await expect(failure).rejects.toThrow();
      // The pool's one connection was destroyed and replaced: the next query gets a working one.
      expect(await sql.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await sql.close();
      await killer.close();
    }
  });
});

describeWhen(postgresForTests.available, postgresForTests.reason)('The reports connection on the primary', () => {
  const url = usePostgres();

  it('plans each report for its own filters, while the store keeps generic plans for its named statements', async () => {
    const primary = PgSqlClient.connect(url(), { max: 1 });
    const reports = openReportsSqlClient({ eventStore: 'postgres', databaseUrl: url() }, primary);
    try {
      expect(reports).not.toBe(primary);
      const mode = async (sql: SqlClient) =>
        (await sql.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0]!.plan_cache_mode;
      expect(await mode(reports)).toBe('auto');
      expect(await mode(primary)).toBe('force_generic_plan');
      const [{ name }] = (await reports.query<{ name: string }>('SELECT current_setting($1) AS name', ['application_name'])) as [
        { name: string },
      ];
      expect(name).toBe('samspar-reports');
    } finally {
      await reports.close();
      await primary.close();
    }
  });
});
