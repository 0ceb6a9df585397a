import { createHash } from 'node:crypto';
import { SqlClient, assertSchemaName, quoteIdent } from './sql-client';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL for the given (already quoted) schema. */
  up(schema: string): string;
}

/**
 * Applies the migrations of one component that are not yet applied, in order, each in its own
 * transaction. An advisory lock per schema lets several processes start at once.
 */
export async function migrate(
  sql: SqlClient,
  schema: string,
  component: string,
  migrations: readonly Migration[],
): Promise<number[]> {
  assertSchemaName(schema);
  const s = quoteIdent(schema);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`samspar-migrate:${schema}`]);
      await tx.exec(
        `CREATE SCHEMA IF NOT EXISTS ${s};
         CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
           component text NOT NULL,
           version integer NOT NULL,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (component, version)
         );`,
      );
      const rows = await tx.query(`SELECT 1 FROM ${s}.schema_migrations WHERE component = $1 AND version = $2`, [
        component,
        migration.version,
      ]);
      if (rows.length > 0) return false;
      await tx.exec(migration.up(s));
      await tx.query(`INSERT INTO ${s}.schema_migrations (component, version, name) VALUES ($1, $2, $3)`, [
        component,
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    up: (s) => `
      CREATE TABLE ${s}.events (
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        -- Readers order by (transaction_id, global_position) and read only transactions older than
        -- the oldest one still running, so a sequence value taken by an open transaction is never skipped.
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_global_order ON ${s}.events (transaction_id, global_position);

      -- Nothing is overwritten: corrections are new events, gallring destroys keys, not rows.
      CREATE FUNCTION ${s}.events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'SA009';
      END $fn$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
        FOR EACH ROW EXECUTE FUNCTION ${s}.events_are_append_only();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.events_are_append_only();

    `,
  },
  {
    version: 2,
    name: 'appends_announce_themselves',
    up: (s) => {
      const [classId, objectId] = appendLockKey(s.slice(1, -1));
      return `
      -- Every statement that inserts events first takes a shared advisory lock of this store, before it has a
      -- transaction id. Readers then wait only for transactions that hold it, not for every transaction on
      -- the server (another application's, or one in another database).
      CREATE FUNCTION ${s}.events_announce_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
            AND classid = ${classId} AND objid = ${objectId} AND objsubid = 2
        ) THEN
          RAISE EXCEPTION 'events must be appended in a transaction that took the append lock before writing anything'
            USING ERRCODE = 'SA010', HINT = 'Call ${s}.begin_append() first in the transaction.';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(${classId}, ${objectId});
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER events_announce_append BEFORE INSERT ON ${s}.events
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.events_announce_append();
      -- For a transaction that writes something else before its events.
      CREATE FUNCTION ${s}.begin_append() RETURNS void LANGUAGE sql AS
        'SELECT pg_advisory_xact_lock_shared(${classId}, ${objectId})';
    `;
    },
  },
  {
    version: 3,
    name: 'positions_survive_a_restore',
    up: (s) => {
      const [classId, objectId] = appendLockKey(s.slice(1, -1));
      return `
      -- A position's first part is the appending transaction's id, plus an offset. A logical restore (pg_dump, logical
      -- replication) into another cluster keeps the recorded ids but not the server's counter, which may then be
      -- far behind them: new events would sort before old ones and the old ones hide above the read horizon.
      -- The offset moves the counter past every recorded id again; each move is a new epoch.
      CREATE TABLE ${s}.log_epochs (
        epoch integer PRIMARY KEY,
        xid_offset numeric(20, 0) NOT NULL CHECK (xid_offset >= 0),
        started_at timestamptz NOT NULL DEFAULT now(),
        -- The newest recorded transaction id and the server's next one when the epoch began.
        newest_recorded xid8,
        server_next xid8,
        cluster_id text
      );
      INSERT INTO ${s}.log_epochs (epoch, xid_offset, cluster_id)
        SELECT 1, 0, (SELECT system_identifier::text FROM pg_control_system());

      CREATE FUNCTION ${s}.log_xid_offset() RETURNS numeric LANGUAGE sql STABLE AS
        'SELECT xid_offset FROM ${s}.log_epochs ORDER BY epoch DESC LIMIT 1';
      -- The column's default stays pg_current_xact_id() in the first epoch; a new epoch sets it to that plus its
      -- offset, a constant, so that no append pays for a function call.

      -- An append after a restore, before any process moved the counter, would land behind the log: refused,
      -- and the store moves the counter and appends again.
      CREATE OR REPLACE FUNCTION ${s}.events_announce_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
            AND classid = ${classId} AND objid = ${objectId} AND objsubid = 2
        ) THEN
          RAISE EXCEPTION 'events must be appended in a transaction that took the append lock before writing anything'
            USING ERRCODE = 'SA010', HINT = 'Call ${s}.begin_append() first in the transaction.';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(${classId}, ${objectId});
        IF (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + ${s}.log_xid_offset())
            <= (SELECT transaction_id::text::numeric FROM ${s}.events ORDER BY transaction_id DESC LIMIT 1) THEN
          RAISE EXCEPTION 'the server''s transaction counter is behind the log''s newest event (restored into another cluster?)'
            USING ERRCODE = 'SA011', HINT = 'The event store moves the counter past the log (a new epoch) and appends again.';
        END IF;
        RETURN NULL;
      END $fn$;
    `;
    },
  },
  {
    version: 4,
    name: 'append_check_reads_one_index_entry',
    up: (s) => {
      const [classId, objectId] = appendLockKey(s.slice(1, -1));
      return `
      -- Version 3's check ordered by its own output column (the id cast to numeric), which no index serves: every
      -- append sorted the whole log. The newest id is now read off the index, then cast.
      CREATE OR REPLACE FUNCTION ${s}.events_announce_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
            AND classid = ${classId} AND objid = ${objectId} AND objsubid = 2
        ) THEN
          RAISE EXCEPTION 'events must be appended in a transaction that took the append lock before writing anything'
            USING ERRCODE = 'SA010', HINT = 'Call ${s}.begin_append() first in the transaction.';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(${classId}, ${objectId});
        IF (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + ${s}.log_xid_offset())
            <= (SELECT e.transaction_id FROM ${s}.events AS e ORDER BY e.transaction_id DESC LIMIT 1)::text::numeric THEN
          RAISE EXCEPTION 'the server''s transaction counter is behind the log''s newest event (restored into another cluster?)'
            USING ERRCODE = 'SA011', HINT = 'The event store moves the counter past the log (a new epoch) and appends again.';
        END IF;
        RETURN NULL;
      END $fn$;
    `;
    },
  },
];

/** The advisory lock (two int4 keys) that appends to a store's schema hold until they commit. */
export function appendLockKey(schema: string): readonly [number, number] {
  assertSchemaName(schema);
  const digest = createHash('sha256').update(`samspar-append:${schema}`).digest();
  // 'SPAR' as the class, so that the key space never meets the one-bigint keys of other locks.
  return [0x53504152, digest.readUInt32BE(0) & 0x7fffffff];
}
