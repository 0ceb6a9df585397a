import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ConcurrencyError } from '@samspar/kernel';
import { STARTUP_TIMEOUT_MS } from '../testing/test-environment';
import { dataDirServer } from './data-dir-lock';
import { PostgresEventStore } from './postgres-event-store';
import { SOCKET_FILE } from './pglite-socket';
import { PGliteSqlClient, PgSqlClient } from './sql-client';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("The api's PGlite, served to local clients on a Unix socket", () => {
  let root: string;
  let sql: PGliteSqlClient;
  let socket: string;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'samspar-socket-'));
    sql = await PGliteSqlClient.open(join(root, 'pglite'));
    socket = (await sql.serve())!;
    await sql.exec('CREATE TABLE notes (who text, n int)');
  }, STARTUP_TIMEOUT_MS);

  afterEach(async () => {
    await sql.close();
    rmSync(root, { recursive: true, force: true });
  });

  const client = async () => {
    const connection = new Client({ host: root, port: 5432, user: 'postgres', database: 'postgres' });
    // A connection cut off on purpose, or by the server's stop, is no failure of the test.
    connection.on('error', () => undefined);
    await connection.connect();
    return connection;
  };

  it('lies in DATA_DIR, is named in the owner file, and goes with the database', async () => {
    expect(socket).toBe(join(root, SOCKET_FILE));
    expect(JSON.parse(readFileSync(join(root, '.pglite.owner.json'), 'utf8'))).toMatchObject({
      pid: process.pid,
      socket,
    });
    await sql.close();
    expect(existsSync(socket)).toBe(false);
    sql = await PGliteSqlClient.open(join(root, 'pglite'));
  });

  it("keeps the api's own work out of a client's transaction, and the client's out of the api's", async () => {
    const cli = await client();
    try {
      await cli.query('BEGIN');
      await cli.query("INSERT INTO notes VALUES ('cli', 1)");
      // The api writes while the client's transaction is open: it waits for the client, then commits alone.
      const apiWrite = sql.query("INSERT INTO notes VALUES ('api', 1)");
      await pause(50);
      await cli.query("INSERT INTO notes VALUES ('cli', 2)");
      await cli.query('ROLLBACK');
      await apiWrite;
      expect(await sql.query('SELECT who, n FROM notes ORDER BY who, n')).toEqual([{ who: 'api', n: 1 }]);

      // And the other way round: the client's statement waits for the api's transaction to end.
      let clientWrite: Promise<unknown> = Promise.resolve();
      let doneInside = true;
      await sql.transaction(async (tx) => {
        await tx.query("INSERT INTO notes VALUES ('api', 2)");
        let done = false;
        clientWrite = cli.query("INSERT INTO notes VALUES ('cli', 3)").then(() => (done = true));
        await pause(50);
        await tx.query("INSERT INTO notes VALUES ('api', 3)");
        doneInside = done;
      });
      await clientWrite;
      expect(doneInside).toBe(false);
      expect(await sql.query('SELECT who, n FROM notes ORDER BY who, n')).toEqual([
        { who: 'api', n: 1 },
        { who: 'api', n: 2 },
        { who: 'api', n: 3 },
        { who: 'cli', n: 3 },
      ]);

      // An api transaction that rolls back takes nothing of the client's with it.
      await expect(
        sql.transaction(async (tx) => {
          await tx.query("INSERT INTO notes VALUES ('api', 4)");
          clientWrite = cli.query("INSERT INTO notes VALUES ('cli', 4)");
          await pause(50);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await clientWrite;
      expect(await sql.query('SELECT who FROM notes WHERE n = 4')).toEqual([{ who: 'cli' }]);
    } finally {
      await cli.end();
    }
  });

  it("keeps each side's parameterised queries whole when both send many at once", async () => {
    const cli = await client();
    try {
      const numbers = Array.from({ length: 200 }, (_, i) => i);
      const results = await Promise.all(
        numbers.flatMap((i) => [
          cli.query<{ n: number; side: string }>('SELECT $1::int AS n, $2::text AS side', [i, 'cli']).then((r) => r.rows[0]),
          sql.query<{ n: number; side: string }>('SELECT $1::int AS n, $2::text AS side, $3::int AS unused', [i, 'api', 0]),
        ]),
      );
      results.forEach((row, index) => {
        const expected = { n: Math.floor(index / 2), side: index % 2 === 0 ? 'cli' : 'api' };
        expect(Array.isArray(row) ? row[0] : row).toMatchObject(expected);
      });
    } finally {
      await cli.end();
    }
  });

  it('rolls back the transaction of a client that leaves inside it, and lets the api work on', async () => {
    const cli = await client();
    await cli.query('BEGIN');
    await cli.query("INSERT INTO notes VALUES ('cli', 1)");
    const apiWrite = sql.query("INSERT INTO notes VALUES ('api', 1)");
    // Cut off without COMMIT or Terminate, as a killed process would be.
    (cli as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await apiWrite;
    expect(await sql.query('SELECT who FROM notes')).toEqual([{ who: 'api' }]);
    await cli.end().catch(() => undefined);
  });

  it("serves one client after another, and the PostgreSQL store keeps a stream's revisions with both writing", async () => {
    const store = await PostgresEventStore.create({ sql });
    const streamId = `journey-${randomUUID()}`;
    try {
      for (let round = 0; round < 2; round++) {
        expect(dataDirServer(join(root, 'pglite'))).toBeUndefined(); // this process holds it, and needs no socket
        const remote = PgSqlClient.throughPGliteSocket(socket);
        const remoteStore = await PostgresEventStore.create({ sql: remote });
        try {
          const writers = [store, remoteStore].flatMap((writer) => [writer, writer, writer]);
          // Each writer appends at the revision it read; a conflict reads again. Nothing is lost or doubled.
          await Promise.all(
            writers.map(async (writer, index) => {
              for (;;) {
                const revisions: number[] = [];
                for await (const event of writer.readStream(streamId)) revisions.push(event.revision);
                const expected = revisions.length === 0 ? 'no_stream' : revisions.length - 1;
                const event = {
                  id: randomUUID(),
                  type: 'Noted',
                  data: { round, index },
                  metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
                };
                try {
                  await writer.append(streamId, [event], { expectedRevision: expected });
                  return;
                } catch (error) {
                  if (!(error instanceof ConcurrencyError)) throw error;
                }
              }
            }),
          );
        } finally {
          await remoteStore.close();
          await remote.close();
        }
      }
      const events = [];
      for await (const event of store.readStream(streamId)) events.push(event);
      expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(new Set(events.map((event) => JSON.stringify(event.data))).size).toBe(12);
    } finally {
      await store.close();
    }
  });
});
