import { randomBytes } from 'node:crypto';
import { PgSqlClient, quoteIdent } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { AppConfig, loadConfig } from '@samspar/platform';
import { runVerify } from '../verify';
import { buildCleanStore, dropScratch, headOf, verifyContract } from './verify.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('samspar verify on PostgreSQL', () => {
  const url = usePostgres();
  verifyContract(async () => {
    const sql = PgSqlClient.connect(url());
    const schema = uniqueSchema('verify');
    return {
      sql,
      schema,
      close: async () => {
        try {
          await dropScratch(sql, schema);
        } finally {
          await sql.close();
        }
      },
    };
  });
});

describeWhen(postgresForTests.available, postgresForTests.reason)('samspar verify run against PostgreSQL', () => {
  const url = usePostgres();
  const schema = uniqueSchema('verify');
  const [masterKey, lookupKey] = [randomBytes(32), randomBytes(32)];
  let sql: PgSqlClient;
  let config: AppConfig;
  let checkpointSchema: string;

  beforeAll(async () => {
    sql = PgSqlClient.connect(url());
    config = loadConfig({
      DATABASE_URL: url(),
      DATABASE_SCHEMA: schema,
      PRIVACY_MASTER_KEY: masterKey.toString('base64'),
      PRIVACY_LOOKUP_KEY: lookupKey.toString('base64'),
    });
    checkpointSchema = (await buildCleanStore(sql, schema, masterKey)).readModelSchema;
  });
  afterAll(async () => {
    if (!sql) return;
    try {
      await dropScratch(sql, schema);
    } finally {
      await sql.close();
    }
  });

  it('is clean, then names the read model whose checkpoint is past the head', async () => {
    const clean = await runVerify([], config);
    expect(clean.faults).toBe(0);
    expect(clean.output.endsWith('\nverify: clean\n')).toBe(true);

    const [major] = (await headOf(sql, schema)).split(':');
    await sql.query(`UPDATE ${quoteIdent(checkpointSchema)}.checkpoint SET position = $1`, [`${BigInt(major!) + 1n}:1`]);
    const faulty = await runVerify([], config);
    expect(faulty.faults).toBe(1);
    expect(faulty.output).toMatch(
      /\n {2}checkpoint-ahead catalogue: catalogue generation 1 \(active, schema \w+\) is at \d+:1, past the head/,
    );
    expect(faulty.output.endsWith('\nverify: 1 fault\n')).toBe(true);
  });
});
