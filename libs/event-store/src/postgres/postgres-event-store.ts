import { Observable, Subject, merge } from 'rxjs';
import {
  ConcurrencyError,
  EventMetadata,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  START,
  comparePositions,
  parsePosition,
} from '@samspar/kernel';
import { PreparedEvent, assertStreamId, prepareAppend } from '../append-validation';
import { EventIdReusedError } from '../event-store.errors';
import {
  AppendResult,
  EventFilter,
  EventStore,
  HorizonHolder,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  SubscriptionBatch,
} from '../event-store.port';
import { BatchRead, catchUpSubscription } from '../subscription';
import { Upcasters } from '../upcasting';
import { EVENT_STORE_MIGRATIONS, appendLockKey, migrate } from './migrations';
import { SqlClient, assertSchemaName, quoteIdent } from './sql-client';

export interface PostgresEventStoreOptions {
  readonly sql: SqlClient;
  /** All tables live in this schema; tests give each file its own. */
  readonly schema?: string;
  readonly upcasters?: Upcasters;
  readonly pollIntervalMs?: number;
  /** Close the SqlClient when the store closes. */
  readonly ownsClient?: boolean;
  /** Append statements in flight at once; appends that arrive meanwhile are sent together. */
  readonly appendsInFlight?: number;
}

interface EventRow {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  stream_id: string;
  revision: number;
  position: GlobalPosition;
  recorded_at: string;
}

/** An append waiting for a statement slot, to be sent with others in one statement. */
interface QueuedAppend {
  readonly streamId: string;
  readonly prepared: readonly PreparedEvent[];
  readonly expected: ExpectedRevision;
  readonly bytes: number;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const MAX_RACE_RETRIES = 20;
// Below the pool's ten connections, so that reads find one; appends beyond it share statements and commits.
const APPENDS_IN_FLIGHT = 4;
const MAX_GROUP_APPENDS = 64;
const MAX_GROUP_BYTES = 1024 * 1024;
const NOTIFY_WINDOW_MS = 20;
const HORIZON_WAIT_MS = 5_000;
const PAGE = 1000;

export class PostgresEventStore implements EventStore {
  readonly name: string;
  private readonly t: string;
  private readonly columns: string;
  private readonly channel: string;
  private readonly appendFirst: string;
  private readonly appendOne: string;
  private readonly appendMany: string;
  private readonly appendGroup: string;
  private readonly horizonQuery: string;
  private readonly appendLock: readonly [number, number];
  private rebasing: Promise<void> | undefined;
  private readonly queued: QueuedAppend[] = [];
  private inFlight = 0;
  private readonly local = new Subject<void>();
  private readonly remote = new Subject<void>();
  private notifyScheduled = false;
  private unlisten: Promise<() => Promise<void>> | undefined;
  private closed = false;

  private constructor(
    private readonly sql: SqlClient,
    readonly schema: string,
    private readonly upcasters: Upcasters,
    private readonly pollIntervalMs: number,
    private readonly ownsClient: boolean,
    private readonly appendsInFlight: number,
  ) {
    this.name = sql.kind;
    this.t = `${quoteIdent(schema)}.events`;
    // Text, not Date and BigInt: parsing those per row halves the read rate.
    this.columns = `event_id::text AS id, type, data, metadata, stream_id, revision,
      transaction_id::text || ':' || global_position AS position,
      to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;
    this.channel = `samspar_events_${schema}`.slice(0, 63);
    const [classId, objectId] = appendLockKey(schema);
    // The oldest transaction that may still append to this store: the oldest one holding its append lock
    // that was running when the snapshot was taken, or else the snapshot's xmax. A transaction that takes
    // the lock after this statement began gets a transaction id above that xmax. A holder that committed
    // since the snapshot is seen by the caller's next statement, which is the one that reads.
    // Transaction ids are on the log's scale: the server's plus the epoch's offset (see migration 3). `behind`
    // says that the server's counter no longer leads the log, as after a logical restore into another cluster.
    this.horizonQuery = `WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
      off AS MATERIALIZED (SELECT ${quoteIdent(schema)}.log_xid_offset() AS o),
      appenders AS (
        SELECT a.backend_xid::text::bigint AS xid FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${classId} AND l.objid = ${objectId}
          AND l.objsubid = 2 AND a.backend_xid IS NOT NULL
      ),
      real AS (
        SELECT coalesce(
          (SELECT min(x) FROM snap, pg_snapshot_xip(snap.s) AS x
           WHERE (x::text::bigint % 4294967296) IN (SELECT xid FROM appenders)),
          (SELECT pg_snapshot_xmax(s) FROM snap)
        )::text::numeric AS horizon, (SELECT pg_snapshot_xmax(s) FROM snap)::text::numeric AS xmax
      )
      SELECT (real.horizon + off.o)::text AS horizon, (real.xmax + off.o)::text AS xmax,
        coalesce(real.xmax + off.o <= (SELECT e.transaction_id::text::numeric FROM ${this.t} AS e
          ORDER BY e.transaction_id DESC LIMIT 1), false) AS behind
      FROM real, off`;
    this.appendLock = [classId, objectId];
    // $2 is the mode and $3 the revision apart, so that no plan ever casts 'any' to a number.
    const current = `WITH cur AS (
        SELECT (SELECT revision FROM ${this.t} WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1) AS r
      )`;
    const holds = `CASE $2::text WHEN 'any' THEN true WHEN 'no_stream' THEN cur.r IS NULL
        WHEN 'exists' THEN cur.r IS NOT NULL ELSE cur.r IS NOT DISTINCT FROM $3::bigint END`;
    const returning = `RETURNING revision, transaction_id::text || ':' || global_position AS position`;
    this.appendFirst = `INSERT INTO ${this.t} (event_id, stream_id, revision, type, data, metadata)
      VALUES ($2::uuid, $1, 0, $3, $4::jsonb, $5::jsonb) ${returning}`;
    this.appendOne = `${current}
      INSERT INTO ${this.t} (event_id, stream_id, revision, type, data, metadata)
      SELECT $4::uuid, $1, coalesce(cur.r, -1) + 1, $5, $6::jsonb, $7::jsonb FROM cur WHERE ${holds}
      ${returning}`;
    this.appendMany = `${current}
      INSERT INTO ${this.t} (event_id, stream_id, revision, type, data, metadata)
      SELECT (t.x->>'id')::uuid, $1, coalesce(cur.r, -1) + t.ord, t.x->>'type', t.x->'data', t.x->'metadata'
      FROM cur, jsonb_array_elements($4::jsonb) WITH ORDINALITY AS t(x, ord) WHERE ${holds}
      ORDER BY t.ord
      ${returning}`;
    // Appends to different streams, each with its own revision check: one round trip and one commit
    // for all. An append whose check fails inserts nothing and is then sent alone.
    this.appendGroup = `WITH a AS (
        SELECT a.ord AS i, a.x->>'s' AS stream_id, a.x->>'m' AS mode, (a.x->>'r')::bigint AS expected, a.x->'e' AS events
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(x, ord)
      ), cur AS (
        SELECT a.*, (SELECT revision FROM ${this.t} AS e WHERE e.stream_id = a.stream_id ORDER BY revision DESC LIMIT 1) AS r
        FROM a
      )
      INSERT INTO ${this.t} (event_id, stream_id, revision, type, data, metadata)
      SELECT (t.x->>'id')::uuid, cur.stream_id, coalesce(cur.r, -1) + t.ord, t.x->>'type', t.x->'data', t.x->'metadata'
      FROM cur, jsonb_array_elements(cur.events) WITH ORDINALITY AS t(x, ord)
      WHERE CASE cur.mode WHEN 'any' THEN true WHEN 'no_stream' THEN cur.r IS NULL
        WHEN 'exists' THEN cur.r IS NOT NULL ELSE cur.r IS NOT DISTINCT FROM cur.expected END
      ORDER BY cur.i, t.ord
      RETURNING stream_id, ${returning.slice('RETURNING '.length)}`;
  }

  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'samspar';
    assertSchemaName(schema);
    await migrate(options.sql, schema, 'event-store', EVENT_STORE_MIGRATIONS);
    const store = new PostgresEventStore(
      options.sql,
      schema,
      options.upcasters ?? new Upcasters(),
      options.pollIntervalMs ?? 1_000,
      options.ownsClient ?? false,
      Math.max(1, options.appendsInFlight ?? APPENDS_IN_FLIGHT),
    );
    // At every start: a log restored into another cluster goes on after its newest event (a new epoch).
    await store.readHorizon();
    return store;
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const prepared = prepareAppend(streamId, events, expected);
    if (this.inFlight < this.appendsInFlight) {
      this.inFlight++;
      try {
        return await this.appendAlone(streamId, prepared, expected);
      } finally {
        this.inFlight--;
        this.sendQueued();
      }
    }
    // Every slot is taken: wait, and go with the appends that arrive meanwhile.
    const bytes = prepared.reduce((sum, event) => sum + event.json.length, 0);
    return new Promise<AppendResult>((resolve, reject) =>
      this.queued.push({ streamId, prepared, expected, bytes, resolve, reject }),
    );
  }

  /** Sends waiting appends, in order, as groups of at most one append per stream, while slots are free. */
  private sendQueued(): void {
    while (this.inFlight < this.appendsInFlight && this.queued.length > 0) {
      const group: QueuedAppend[] = [];
      const streams = new Set<string>();
      let bytes = 0;
      for (let i = 0; i < this.queued.length && group.length < MAX_GROUP_APPENDS;) {
        const next = this.queued[i]!;
        // A second append to a stream in the group would see the same revision: it waits for the next group.
        if (streams.has(next.streamId) || (group.length > 0 && bytes + next.bytes > MAX_GROUP_BYTES)) {
          i++;
          continue;
        }
        streams.add(next.streamId);
        bytes += next.bytes;
        group.push(next);
        this.queued.splice(i, 1);
      }
      this.inFlight++;
      void this.sendGroup(group).finally(() => {
        this.inFlight--;
        this.sendQueued();
      });
    }
  }

  private async sendGroup(group: readonly QueuedAppend[]): Promise<void> {
    const alone = (append: QueuedAppend) =>
      this.appendAlone(append.streamId, append.prepared, append.expected).then(append.resolve, append.reject);
    if (group.length === 1) return alone(group[0]!);
    let rows: { stream_id: string; revision: number; position: GlobalPosition }[];
    try {
      rows = await this.sql.query(
        this.appendGroup,
        [`[${group.map(groupEntry).join(',')}]`],
        `samspar_append_group_${this.schema}`,
      );
    } catch {
      // Nothing of the group was stored, or, if the connection broke after commit, all of it; sent
      // alone, each append finds its own answer, an earlier append of the same ids included.
      await Promise.all(group.map(alone));
      return;
    }
    const byStream = new Map<string, { revision: number; position: GlobalPosition }[]>();
    for (const row of rows) {
      const stored = byStream.get(row.stream_id);
      if (stored) stored.push(row);
      else byStream.set(row.stream_id, [row]);
    }
    if (rows.length > 0) this.wakeSubscribers();
    const refused: QueuedAppend[] = [];
    for (const append of group) {
      const stored = byStream.get(append.streamId);
      if (!stored) {
        refused.push(append);
        continue;
      }
      stored.sort((a, b) => a.revision - b.revision);
      append.resolve({ nextRevision: stored[stored.length - 1]!.revision, positions: stored.map((row) => row.position) });
    }
    // A revision that did not hold: a conflict, or a re-send of an append stored before.
    await Promise.all(refused.map(alone));
  }

  /** One append in its own statement; it tells a conflict from a re-send of an earlier append. */
  private async appendAlone(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = prepared.map((event) => event.id);
    const [mode, revision] = typeof expected === 'number' ? ['revision', expected] : [expected, null];
    // One statement, one round trip: it inserts only when the expected revision holds.
    const one = prepared.length === 1 ? prepared[0]! : undefined;
    // A new stream needs no look at its revision: the unique (stream, revision) key refuses a second one.
    const [text, params, name] =
      one && expected === 'no_stream'
        ? [this.appendFirst, [streamId, one.id, one.type, one.dataJson, one.metadataJson], 'first']
        : one
          ? [this.appendOne, [streamId, mode, revision, one.id, one.type, one.dataJson, one.metadataJson], 'one']
          : [this.appendMany, [streamId, mode, revision, `[${prepared.map((event) => event.json).join(',')}]`], 'many'];
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.sql.query<{ revision: number; position: GlobalPosition }>(
          text,
          params,
          `samspar_append_${name}_${this.schema}`,
        );
        if (rows.length > 0) {
          this.wakeSubscribers();
          rows.sort((a, b) => a.revision - b.revision);
          return { nextRevision: rows[rows.length - 1]!.revision, positions: rows.map((row) => row.position) };
        }
        // The expected revision did not hold: a re-send of an append stored before, or a conflict.
        const earlier = await this.earlierAppend(streamId, ids);
        if (earlier === 'reused') throw new EventIdReusedError(streamId);
        if (earlier !== 'none') return earlier;
        throw new ConcurrencyError(streamId, String(expected), await this.currentRevision(streamId));
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        // 40P01: an append that took the append lock before the table met a new epoch being started.
        if ((code === 'SA011' || code === '40P01') && attempt < MAX_RACE_RETRIES) {
          // The log was restored into another cluster and nobody has moved the counter yet.
          await this.moveCounterPastLog();
          continue;
        }
        if (code !== '23505') throw error;
        const earlier = await this.earlierAppend(streamId, ids);
        if (earlier === 'reused') throw new EventIdReusedError(streamId);
        if (earlier !== 'none') return earlier;
        if (expected === 'no_stream' && constraint === 'events_stream_revision_key') {
          throw new ConcurrencyError(streamId, 'no_stream', await this.currentRevision(streamId));
        }
        // Lost a race to a concurrent writer of the same stream or ids; the next try sees its rows.
        if (attempt < MAX_RACE_RETRIES) continue;
        throw new ConcurrencyError(streamId, String(expected), 'changed concurrently');
      }
    }
  }

  private async currentRevision(streamId: string): Promise<string> {
    const [row] = await this.sql.query<{ revision: number }>(
      `SELECT revision FROM ${this.t} WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
      [streamId],
    );
    return row ? String(row.revision) : 'no_stream';
  }

  /** The result of an earlier append of exactly these ids to this stream, if there was one. */
  private async earlierAppend(streamId: string, ids: readonly string[]): Promise<AppendResult | 'none' | 'reused'> {
    const rows = await this.sql.query<{ stream_id: string; revision: number; position: GlobalPosition }>(
      `SELECT stream_id, revision, transaction_id::text || ':' || global_position AS position
       FROM ${this.t} WHERE event_id = ANY ($1::uuid[]) ORDER BY revision`,
      [ids],
    );
    if (rows.length === 0) return 'none';
    if (rows.length !== ids.length || rows.some((row) => row.stream_id !== streamId)) return 'reused';
    return { nextRevision: rows[rows.length - 1]!.revision, positions: rows.map((row) => row.position) };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    assertStreamId(streamId);
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let revision = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    while (remaining > 0) {
      const limit = Math.min(PAGE, remaining);
      const rows = await this.sql.query<EventRow>(
        `SELECT ${this.columns} FROM ${this.t}
         WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
         ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
        [streamId, revision, limit],
        // Named, so that the server plans it once per connection: every command reads its stream.
        `samspar_read_stream_${backwards ? 'back' : 'fwd'}_${this.schema}`,
      );
      for (const row of rows) yield this.toRecorded(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      revision = rows[rows.length - 1]!.revision + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.from ?? START;
    const batchSize = options.batchSize ?? PAGE;
    // Every event committed before this call is below the snapshot's xmax.
    const { xmax: target } = await this.readHorizon();
    for (;;) {
      const read = await this.readBatch(position, batchSize, options.filter, false);
      yield* read.events;
      position = read.position;
      if (read.events.length === batchSize) continue;
      // Events committed before this call may still sit behind an older open transaction.
      if (!(await this.awaitHorizon(target))) return;
    }
  }

  subscribe(options: SubscribeOptions = {}): Observable<SubscriptionBatch> {
    this.ensureListening();
    return catchUpSubscription({
      from: options.from ?? START,
      batchSize: options.batchSize ?? PAGE,
      manualAck: options.manualAck ?? false,
      pollIntervalMs: options.pollIntervalMs ?? this.pollIntervalMs,
      readBatch: (after, limit) => this.readBatch(after, limit, options.filter, true),
      wakeups: merge(this.local, this.remote),
    });
  }

  async headPosition(): Promise<GlobalPosition> {
    await this.awaitHorizon((await this.readHorizon()).xmax);
    const rows = await this.sql.query<{ position: GlobalPosition }>(
      `SELECT transaction_id::text || ':' || global_position AS position FROM ${this.t}
       WHERE transaction_id < $1::xid8 ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [await this.horizon()],
    );
    return rows[0]?.position ?? START;
  }

  /** How many events the filter matches: the total a rebuild shows its progress against. */
  async countEvents(filter?: EventFilter): Promise<number> {
    const params: unknown[] = [];
    const where = filterClauses(filter, params);
    const [row] = await this.sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${this.t}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return Number(row?.n ?? 0);
  }

  async horizonHolder(): Promise<HorizonHolder | undefined> {
    const [row] = await this.sql.query<{ pid: number; application: string; seconds: number; state: string }>(
      `SELECT a.pid, coalesce(a.application_name, '') AS application, a.state,
         extract(epoch FROM clock_timestamp() - a.xact_start)::float8 AS seconds
       FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
         AND a.backend_xid IS NOT NULL
       ORDER BY a.xact_start LIMIT 1`,
      [...this.appendLock],
    );
    return row ? { pid: row.pid, application: row.application, seconds: row.seconds, state: row.state ?? '' } : undefined;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.local.complete();
    this.remote.complete();
    if (this.unlisten) await (await this.unlisten.catch(() => async () => undefined))();
    if (this.ownsClient) await this.sql.close();
  }

  private async readBatch(
    after: GlobalPosition,
    limit: number,
    filter: EventFilter | undefined,
    checkPending: boolean,
  ): Promise<BatchRead> {
    const [tx, pos] = parsePosition(after);
    const params: unknown[] = [tx.toString(), pos.toString(), limit, await this.horizon()];
    const where = filterClauses(filter, params);
    // One statement, one snapshot: the matching events, and the head of the readable log, so that a
    // filtered reader moves past events it does not want instead of scanning them again.
    const rows = await this.sql.query<EventRow & { is_head: boolean; pending: boolean | null }>(
      `WITH h AS MATERIALIZED (SELECT $4::xid8 AS xmin),
       matched AS (
         SELECT ${this.columns}, transaction_id AS tx_sort, global_position AS pos_sort
         FROM ${this.t}, h
         WHERE transaction_id < h.xmin
           AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
           ${where.map((clause) => `AND ${clause}`).join(' ')}
         ORDER BY transaction_id, global_position LIMIT $3
       )
       SELECT id, type, data, metadata, stream_id, revision, position, recorded_at, false AS is_head, NULL::boolean AS pending, tx_sort, pos_sort
       FROM matched
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL,
         (SELECT e.transaction_id::text || ':' || e.global_position FROM ${this.t} AS e, h
          WHERE e.transaction_id < h.xmin ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1),
         NULL, true,
         -- The newest transaction against the horizon: one backward index probe. An EXISTS over
         -- transaction_id >= xmin is planned as a scan of the whole table.
         coalesce((SELECT e.transaction_id FROM ${this.t} AS e ORDER BY e.transaction_id DESC LIMIT 1) >= (SELECT xmin FROM h), false),
         NULL, NULL
       ORDER BY is_head, tx_sort, pos_sort`,
      params,
      `samspar_read_all_${filter?.categories?.length ? 'c' : ''}${filter?.types?.length ? 't' : ''}_${this.schema}`,
    );
    const headRow = rows.pop()!;
    const events = rows.map((row) => this.toRecorded(row));
    const last = events[events.length - 1];
    // Events past the horizon belong to transactions newer than an append still running.
    const pending = checkPending && events.length < limit && (headRow.pending ?? false);
    let position = last ? last.globalPosition : after;
    if (events.length < limit && headRow.position && comparePositions(headRow.position, position) > 0)
      position = headRow.position;
    return { events, position, pending };
  }

  /**
   * Below this transaction id, every transaction that appended to this store has ended; events of
   * transactions at or above it may still be joined by an older one's. Only this store's appends count
   * (they announce themselves with an advisory lock), so no other transaction on the server holds
   * readers back. Must run outside a transaction, where each statement has a fresh snapshot.
   */
  private async horizon(): Promise<string> {
    return (await this.readHorizon()).horizon;
  }

  /** The horizon, and the snapshot's xmax: every transaction below it had ended or begun. */
  private async readHorizon(): Promise<{ horizon: string; xmax: string }> {
    for (let attempt = 0; ; attempt++) {
      const [row] = await this.sql.query<{ horizon: string; xmax: string; behind: boolean }>(
        this.horizonQuery,
        [],
        `samspar_horizon_${this.schema}`,
      );
      if (!row!.behind || attempt > 0) return row!;
      await this.moveCounterPastLog();
    }
  }

  /**
   * After a logical restore into another cluster the server's transaction counter may be behind the recorded
   * ids. A new epoch's offset puts it past the newest one again, so that events appended from now on sort after
   * every restored event and no restored event stays hidden above the read horizon; positions already handed
   * out (checkpoints) keep their meaning. Taken with the append lock exclusively: no append is in flight, and
   * none that starts later can have a transaction id below the counter read here.
   */
  async moveCounterPastLog(): Promise<void> {
    this.rebasing ??= this.sql
      .transaction(async (tx) => {
        // The table first, as an INSERT takes it before its trigger takes the append lock: no lock-order deadlock.
        await tx.query(`LOCK TABLE ${this.t} IN ACCESS EXCLUSIVE MODE`);
        await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [...this.appendLock]);
        const s = quoteIdent(this.schema);
        const [row] = await tx.query<{ next: string; newest: string | null; offset: string; epoch: number }>(
          `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next, ${s}.log_xid_offset()::text AS offset,
             (SELECT e.transaction_id FROM ${this.t} AS e ORDER BY e.transaction_id DESC LIMIT 1)::text AS newest,
             (SELECT max(epoch) FROM ${s}.log_epochs) AS epoch`,
        );
        const { next, newest, offset, epoch } = row!;
        // Another process moved it first.
        if (newest === null || BigInt(next) + BigInt(offset) > BigInt(newest)) return;
        const moved = BigInt(newest) + 1n - BigInt(next);
        await tx.query(
          `INSERT INTO ${s}.log_epochs (epoch, xid_offset, newest_recorded, server_next, cluster_id)
           VALUES ($1, $2, $3::xid8, $4::xid8, (SELECT system_identifier::text FROM pg_control_system()))`,
          [epoch + 1, moved.toString(), newest, next],
        );
        // A constant in the default: the offset is a bigint the code computed, not text from outside.
        await tx.exec(
          `ALTER TABLE ${this.t} ALTER COLUMN transaction_id SET DEFAULT ((pg_current_xact_id()::text::numeric + ${moved.toString()})::text::xid8)`,
        );
      })
      .finally(() => (this.rebasing = undefined));
    await this.rebasing;
  }

  /**
   * Waits, for a bounded time, until no committed event from a transaction older than `target` is
   * hidden behind the read horizon. Resolves true when it had to wait (read again), false when
   * nothing was hidden or the wait timed out (the caller keeps the gap-free prefix it has).
   */
  private async awaitHorizon(target: string): Promise<boolean> {
    const hidden = async () => {
      const horizon = await this.horizon();
      const [row] = await this.sql.query<{ hidden: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${this.t} WHERE transaction_id >= $1::xid8 AND transaction_id < $2::xid8) AS hidden`,
        [horizon, target],
      );
      return row?.hidden ?? false;
    };
    if (!(await hidden())) return false;
    const deadline = Date.now() + HORIZON_WAIT_MS;
    for (let pause = 2; Date.now() < deadline; pause = Math.min(pause * 2, 100)) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      if (!(await hidden())) return true;
    }
    return false;
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      id: row.id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      streamId: row.stream_id,
      revision: row.revision,
      globalPosition: row.position,
      recordedAt: row.recorded_at,
    };
    return this.upcasters.apply(event);
  }

  private wakeSubscribers(): void {
    this.local.next();
    if (this.sql.kind !== 'postgres' || this.notifyScheduled) return;
    // Other processes learn of new events through one NOTIFY per burst, sent after commit:
    // a NOTIFY inside the append would serialise every writer's commit on the notify queue lock.
    // One at a time, so that a stalled NOTIFY cannot take the whole pool; polling covers a lost one.
    this.notifyScheduled = true;
    setTimeout(() => {
      if (this.closed) return;
      this.sql
        .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')`, [this.channel])
        .catch(() => undefined)
        .finally(() => (this.notifyScheduled = false));
    }, NOTIFY_WINDOW_MS).unref();
  }

  private ensureListening(): void {
    if (this.unlisten || this.sql.kind !== 'postgres') return;
    // If LISTEN fails, subscriptions still poll.
    this.unlisten = this.sql.listen(this.channel, () => this.remote.next());
    this.unlisten.catch(() => undefined);
  }
}

/** One append of a group, as the group statement reads it. */
function groupEntry(append: QueuedAppend): string {
  const [mode, revision] = typeof append.expected === 'number' ? ['revision', append.expected] : [append.expected, null];
  return `{"s":${JSON.stringify(append.streamId)},"m":"${mode}","r":${revision},"e":[${append.prepared.map((event) => event.json).join(',')}]}`;
}

/** SQL conditions for an event filter, its values appended to `params`. */
function filterClauses(filter: EventFilter | undefined, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter?.categories?.length) {
    params.push(filter.categories);
    where.push(`split_part(stream_id, '-', 1) = ANY ($${params.length}::text[])`);
  }
  if (filter?.types?.length) {
    params.push(filter.types);
    where.push(`type = ANY ($${params.length}::text[])`);
  }
  return where;
}
