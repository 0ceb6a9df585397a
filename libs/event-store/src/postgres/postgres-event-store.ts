import { Observable, Subject, merge } from 'rxjs';
import {
  ConcurrencyError,
  EventMetadata,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  START,
  parsePosition,
  positionOf,
} from '@samspar/kernel';
import { assertStreamId, prepareAppend } from '../append-validation';
import { EventIdReusedError } from '../event-store.errors';
import {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  SubscriptionBatch,
} from '../event-store.port';
import { BatchRead, catchUpSubscription } from '../subscription';
import { Upcasters } from '../upcasting';
import { EVENT_STORE_MIGRATIONS, migrate } from './migrations';
import { SqlClient, assertSchemaName, quoteIdent } from './sql-client';

export interface PostgresEventStoreOptions {
  readonly sql: SqlClient;
  /** All tables live in this schema; tests give each file its own. */
  readonly schema?: string;
  readonly upcasters?: Upcasters;
  readonly pollIntervalMs?: number;
  /** Close the SqlClient when the store closes. */
  readonly ownsClient?: boolean;
}

interface EventRow {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  stream_id: string;
  revision: number;
  tx: string;
  pos: number;
  recorded_at: Date | string;
}

const MAX_RACE_RETRIES = 20;
const PAGE = 1000;

export class PostgresEventStore implements EventStore {
  readonly name: string;
  private readonly t: string;
  private readonly columns: string;
  private readonly channel: string;
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
  ) {
    this.name = sql.kind;
    this.t = `${quoteIdent(schema)}.events`;
    this.columns = `event_id::text AS id, type, data, metadata, stream_id, revision,
      transaction_id::text AS tx, global_position AS pos, recorded_at`;
    this.channel = `samspar_events_${schema}`.slice(0, 63);
  }

  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'samspar';
    assertSchemaName(schema);
    await migrate(options.sql, schema, 'event-store', EVENT_STORE_MIGRATIONS);
    return new PostgresEventStore(
      options.sql,
      schema,
      options.upcasters ?? new Upcasters(),
      options.pollIntervalMs ?? 1_000,
      options.ownsClient ?? false,
    );
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const prepared = prepareAppend(streamId, events, expected);
    const payload = `[${prepared.map((event) => event.json).join(',')}]`;
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.sql.query<{ out_revision: number; out_tx: string; out_pos: number; out_duplicate: boolean }>(
          `SELECT * FROM ${quoteIdent(this.schema)}.append_events($1, $2, $3::jsonb)`,
          [streamId, String(expected), payload],
          `samspar_append_${this.schema}`,
        );
        rows.sort((a, b) => a.out_revision - b.out_revision);
        if (!rows[0]?.out_duplicate) this.wakeSubscribers();
        return {
          nextRevision: rows[rows.length - 1]!.out_revision,
          positions: rows.map((row) => positionOf(row.out_tx, row.out_pos)),
        };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'SA001') throw new EventIdReusedError(streamId);
        if (code === 'SA002') {
          const actual = (error as { detail?: string }).detail ?? 'unknown';
          throw new ConcurrencyError(streamId, String(expected), actual);
        }
        // Lost a race to a concurrent writer of the same stream or ids; the next try sees its rows.
        if (code === 'SA003' && attempt < MAX_RACE_RETRIES) continue;
        if (code === 'SA003') throw new ConcurrencyError(streamId, String(expected), 'changed concurrently');
        throw error;
      }
    }
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
    for (;;) {
      const read = await this.readBatch(position, batchSize, options.filter, false);
      yield* read.events;
      if (read.events.length < batchSize) return;
      position = read.position;
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
    const rows = await this.sql.query<{ tx: string; pos: number }>(
      `SELECT transaction_id::text AS tx, global_position AS pos FROM ${this.t}
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0] ? positionOf(rows[0].tx, rows[0].pos) : START;
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
    const params: unknown[] = [tx.toString(), pos.toString(), limit];
    const where: string[] = [];
    if (filter?.categories?.length) {
      params.push(filter.categories);
      where.push(`split_part(stream_id, '-', 1) = ANY ($${params.length}::text[])`);
    }
    if (filter?.types?.length) {
      params.push(filter.types);
      where.push(`type = ANY ($${params.length}::text[])`);
    }
    const rows = await this.sql.query<EventRow>(
      `SELECT ${this.columns} FROM ${this.t}
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
         ${where.map((clause) => `AND ${clause}`).join(' ')}
       ORDER BY transaction_id, global_position LIMIT $3`,
      params,
    );
    const events = rows.map((row) => this.toRecorded(row));
    const last = events[events.length - 1];
    let pending = false;
    if (checkPending && events.length < limit) {
      // Events past the horizon belong to transactions newer than one still running.
      const [row] = await this.sql.query<{ pending: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${this.t} WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS pending`,
      );
      pending = row?.pending ?? false;
    }
    return { events, position: last ? last.globalPosition : after, pending };
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      id: row.id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      streamId: row.stream_id,
      revision: row.revision,
      globalPosition: positionOf(row.tx, row.pos),
      recordedAt: row.recorded_at instanceof Date ? row.recorded_at.toISOString() : new Date(row.recorded_at).toISOString(),
    };
    return this.upcasters.apply(event);
  }

  private wakeSubscribers(): void {
    this.local.next();
    if (this.sql.kind !== 'postgres' || this.notifyScheduled) return;
    // Other processes learn of new events through one NOTIFY per burst, sent after commit:
    // a NOTIFY inside the append would serialise every writer's commit on the notify queue lock.
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if (!this.closed) this.sql.query('SELECT pg_notify($1, $2)', [this.channel, '']).catch(() => undefined);
    }, 2).unref();
  }

  private ensureListening(): void {
    if (this.unlisten || this.sql.kind !== 'postgres') return;
    // If LISTEN fails, subscriptions still poll.
    this.unlisten = this.sql.listen(this.channel, () => this.remote.next());
    this.unlisten.catch(() => undefined);
  }
}
