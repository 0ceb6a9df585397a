import type { ReservedSqlConnection, SqlClient } from '@samspar/event-store';

// PGlite is one session in one process: a session lock there would be granted to everyone, so the
// process keeps the holders itself.
const heldInProcess = new WeakMap<SqlClient, Set<string>>();

/**
 * A PostgreSQL session advisory lock on a connection of its own: one holder per key across processes.
 * If the server drops the connection the lock is gone, and `onLost` tells the holder to stop.
 */
export class LeaderLock {
  private constructor(
    private readonly release_: () => Promise<void>,
    readonly key: string,
  ) {}

  static async tryAcquire(sql: SqlClient, key: string, onLost: () => void): Promise<LeaderLock | undefined> {
    if (sql.kind === 'pglite') {
      let held = heldInProcess.get(sql);
      if (!held) heldInProcess.set(sql, (held = new Set()));
      if (held.has(key)) return undefined;
      held.add(key);
      const set = held;
      return new LeaderLock(async () => void set.delete(key), key);
    }
    let connection: ReservedSqlConnection | undefined;
    try {
      connection = await sql.reserve(onLost);
      const [row] = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (!row?.locked) {
        await connection.release();
        return undefined;
      }
      const held = connection;
      // Closing the session releases the lock.
      return new LeaderLock(() => held.release(), key);
    } catch (error) {
      await connection?.release();
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.release_();
  }
}
