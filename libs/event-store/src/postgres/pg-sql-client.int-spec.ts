import { describeWhen, postgresForTests, usePostgres } from '../testing/test-environment';
import { PgSqlClient } from './sql-client';

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
