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

      -- One round trip per append. SA001: ids reused; SA002: wrong expected revision; SA003: lost a race.
      CREATE FUNCTION ${s}.append_events(p_stream text, p_expected text, p_events jsonb)
      RETURNS TABLE (out_revision bigint, out_tx text, out_pos bigint, out_duplicate boolean)
      LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        v_count integer := jsonb_array_length(p_events);
        v_ids uuid[];
        v_found integer;
        v_current bigint;
        v_rows integer;
      BEGIN
        SELECT array_agg((x->>'id')::uuid) INTO v_ids FROM jsonb_array_elements(p_events) AS x;
        SELECT count(*) INTO v_found FROM ${s}.events AS e WHERE e.event_id = ANY (v_ids);
        IF v_found > 0 THEN
          IF v_found = v_count AND NOT EXISTS (
            SELECT 1 FROM ${s}.events AS e WHERE e.event_id = ANY (v_ids) AND e.stream_id <> p_stream
          ) THEN
            RETURN QUERY SELECT e.revision, e.transaction_id::text, e.global_position, true
              FROM ${s}.events AS e WHERE e.event_id = ANY (v_ids) ORDER BY e.revision;
            RETURN;
          END IF;
          RAISE EXCEPTION 'event ids reused' USING ERRCODE = 'SA001';
        END IF;

        SELECT e.revision INTO v_current FROM ${s}.events AS e
          WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
           OR (p_expected = 'exists' AND v_current IS NULL)
           OR (p_expected ~ '^[0-9]+$' AND v_current IS DISTINCT FROM p_expected::bigint) THEN
          RAISE EXCEPTION 'wrong expected revision'
            USING ERRCODE = 'SA002', DETAIL = coalesce(v_current::text, 'no_stream');
        END IF;

        RETURN QUERY
          INSERT INTO ${s}.events AS e (event_id, stream_id, revision, type, data, metadata)
          SELECT (t.x->>'id')::uuid, p_stream, coalesce(v_current, -1) + t.ord, t.x->>'type', t.x->'data', t.x->'metadata'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(x, ord)
            ORDER BY t.ord
          ON CONFLICT DO NOTHING
          RETURNING e.revision, e.transaction_id::text, e.global_position, false;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        IF v_rows <> v_count THEN
          RAISE EXCEPTION 'concurrent append' USING ERRCODE = 'SA003';
        END IF;
      END $fn$;
    `,
  },
];
