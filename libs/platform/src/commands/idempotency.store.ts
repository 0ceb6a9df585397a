import { Migration, SqlClient, assertSchemaName, migrate, quoteIdent } from '@samspar/event-store';

/** The response headers a replay must give back: the rest is recomputed or does not matter. */
export const REPLAYED_HEADERS = ['ETag', 'Location', 'X-Global-Position'] as const;

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export type IdempotencyRecord =
  | { readonly state: 'pending'; readonly requestHash: string }
  | { readonly state: 'done'; readonly requestHash: string; readonly response: StoredResponse };

export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency_keys',
    up: (s) => `
      CREATE TABLE ${s}.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        -- NULL while the first request still runs.
        status int,
        body jsonb,
        headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_created_at ON ${s}.idempotency_keys (created_at);
    `,
  },
];

interface Row {
  request_hash: string;
  status: number | null;
  body: unknown;
  headers: Record<string, string> | null;
}

/** Idempotency keys and the responses they gave, in the event store's schema. */
export class IdempotencyStore {
  private readonly t: string;

  private constructor(
    private readonly sql: SqlClient,
    schema: string,
  ) {
    this.t = `${quoteIdent(schema)}.idempotency_keys`;
  }

  static async open(sql: SqlClient, schema = 'samspar'): Promise<IdempotencyStore> {
    assertSchemaName(schema);
    await migrate(sql, schema, 'idempotency', IDEMPOTENCY_MIGRATIONS);
    return new IdempotencyStore(sql, schema);
  }

  /**
   * Takes the key for this request. False when it is taken already: then `find` says by what.
   * The insert is atomic, so of two requests racing with one key exactly one gets true.
   */
  async claim(scope: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO ${this.t} (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    return rows.length === 1;
  }

  /**
   * Takes over a key left pending for longer than the lease, by a process that died while handling it
   * (or a response that could not be stored). True for exactly one of several racing retries.
   */
  async takeOver(scope: string, key: string, requestHash: string, leaseMs: number): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE ${this.t} SET created_at = now()
       WHERE scope = $1 AND key = $2 AND request_hash = $3 AND status IS NULL
         AND created_at < now() - make_interval(secs => $4::double precision / 1000)
       RETURNING 1`,
      [scope, key, requestHash, leaseMs],
    );
    return rows.length === 1;
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await this.sql.query<Row>(
      `SELECT request_hash, status, body, headers FROM ${this.t} WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!row) return undefined;
    if (row.status === null) return { state: 'pending', requestHash: row.request_hash };
    return {
      state: 'done',
      requestHash: row.request_hash,
      response: { status: row.status, body: row.body, headers: row.headers ?? {} },
    };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.t} SET status = $3, body = $4::jsonb, headers = $5::jsonb WHERE scope = $1 AND key = $2 AND status IS NULL`,
      // As text: pg would send a top-level string or array as a Postgres value, not as JSON.
      [scope, key, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers)],
    );
  }

  /** Frees a key whose request failed, so that the client may retry it. */
  async release(scope: string, key: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.t} WHERE scope = $1 AND key = $2 AND status IS NULL`, [scope, key]);
  }

  /** Forgets keys older than `hours`, also any left pending by a process that died; returns how many. */
  async purgeOlderThan(hours: number): Promise<number> {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a non-negative number, not ${hours}`);
    const [row] = await this.sql.query<{ purged: number }>(
      `WITH purged AS (
         DELETE FROM ${this.t} WHERE created_at < now() - make_interval(secs => $1::double precision) RETURNING 1
       )
       SELECT count(*)::int AS purged FROM purged`,
      [hours * 3600],
    );
    return row?.purged ?? 0;
  }
}
