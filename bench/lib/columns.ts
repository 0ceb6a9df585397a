import { randomUUID } from 'node:crypto';
import { Pool, types } from 'pg';
import { Event, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  PostgresEventStore as EmmettStore,
  getPostgreSQLEventStore,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import { EventToAppend } from '@samspar/kernel';
import { PgSqlClient, PostgresEventStore } from '@samspar/event-store';
import { EVENT_TYPE, NoteData, NoteMetadata, newStreamId, noteData, noteMetadata } from './payload';

export type ColumnKey = 'samspar' | 'emmett' | 'limit';

/** One contender; every workload drives all three through this. */
export interface Column {
  readonly key: ColumnKey;
  readonly label: string;
  readonly readApi: string;
  /** Runs a stretch of work in the column's own process-wide settings. */
  phase<T>(work: () => Promise<T>): Promise<T>;
  /** One event to a stream that does not exist yet. */
  appendToNewStream(): Promise<void>;
  /** Starts a stream; the appender passes on the revision each append returns. */
  openStream(): Promise<() => Promise<void>>;
  /** Untimed setup for the read workload. */
  seedForRead(events: number, perAppend: number): Promise<void>;
  /** Reads the seeded events in global order; resolves to how many it saw. */
  readAll(batchSize: number): Promise<number>;
  close(): Promise<void>;
}

const noteEvent = (): EventToAppend => ({ id: randomUUID(), type: EVENT_TYPE, data: noteData(), metadata: noteMetadata() });

export class SamsparColumn implements Column {
  readonly key = 'samspar' as const;
  readonly label = 'Samspår';
  readonly readApi = 'PostgresEventStore.readAll({ batchSize })';

  private constructor(
    private readonly sql: PgSqlClient,
    private readonly store: PostgresEventStore,
    /** Its own schema, so that readAll from the start sees exactly the seeded events. */
    readonly readStore: PostgresEventStore,
  ) {}

  static async create(url: string): Promise<SamsparColumn> {
    const sql = PgSqlClient.connect(url, { max: 20 });
    const store = await PostgresEventStore.create({ sql, schema: 'bench' });
    const readStore = await PostgresEventStore.create({ sql, schema: 'bench_read' });
    return new SamsparColumn(sql, store, readStore);
  }

  phase<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async appendToNewStream(): Promise<void> {
    await this.store.append(newStreamId(), [noteEvent()], { expectedRevision: 'no_stream' });
  }

  async openStream(): Promise<() => Promise<void>> {
    const stream = newStreamId();
    let { nextRevision } = await this.store.append(stream, [noteEvent()], { expectedRevision: 'no_stream' });
    return async () => {
      ({ nextRevision } = await this.store.append(stream, [noteEvent()], { expectedRevision: nextRevision }));
    };
  }

  async seedForRead(events: number, perAppend: number): Promise<void> {
    for (let written = 0; written < events; written += perAppend) {
      const batch = Array.from({ length: Math.min(perAppend, events - written) }, noteEvent);
      await this.readStore.append(newStreamId(), batch, { expectedRevision: 'no_stream' });
    }
  }

  async readAll(batchSize: number): Promise<number> {
    let count = 0;
    for await (const _event of this.readStore.readAll({ batchSize })) count++;
    return count;
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.readStore.close();
    await this.sql.close();
  }
}

type NoteEvent = Event<typeof EVENT_TYPE, NoteData, NoteMetadata>;
type Parsers = Map<number, (value: string) => unknown>;

// Dumbo replaces pg's process-wide parsers for int8, json and jsonb (int8 → BigInt, JSON with a
// reviver). Left in place they would slow the other columns' reads, so they apply only in Emmett's phases.
const SHARED_PARSER_OIDS = [20, 114, 3802];
const captureParsers = (): Parsers =>
  new Map(SHARED_PARSER_OIDS.map((oid) => [oid, types.getTypeParser(oid, 'text') as (value: string) => unknown]));
const installParsers = (parsers: Parsers): void => parsers.forEach((parse, oid) => types.setTypeParser(oid, 'text', parse));

export class EmmettColumn implements Column {
  readonly key = 'emmett' as const;
  readonly label = 'Emmett 0.42';
  readonly readApi =
    'readMessagesBatch(execute, { after, batchSize }): 0.42 has no readAll on the store; this is the global-log read its consumers use';
  private readFrom: bigint | null = null;

  private constructor(
    private readonly pgPool: Pool,
    private readonly pool: ReturnType<typeof dumbo>,
    private readonly store: EmmettStore,
    private readonly own: Parsers,
    private readonly others: Parsers,
  ) {}

  static async create(url: string): Promise<EmmettColumn> {
    const others = captureParsers();
    // Our own pg pool, as large as Samspår's: dumbo's default pool has 10 connections, too few for 16 writers.
    const pgPool = new Pool({ connectionString: url, max: 20 });
    pgPool.on('error', () => undefined);
    const pool = dumbo({ connectionString: url, pool: pgPool });
    const own = captureParsers();
    installParsers(others);
    const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } });
    const column = new EmmettColumn(pgPool, pool, store, own, others);
    await column.phase(() => store.schema.migrate());
    return column;
  }

  async phase<T>(work: () => Promise<T>): Promise<T> {
    installParsers(this.own);
    try {
      return await work();
    } finally {
      installParsers(this.others);
    }
  }

  private event(): NoteEvent {
    return { type: EVENT_TYPE, data: noteData(), metadata: noteMetadata() };
  }

  async appendToNewStream(): Promise<void> {
    await this.store.appendToStream<NoteEvent>(newStreamId(), [this.event()], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
  }

  async openStream(): Promise<() => Promise<void>> {
    const stream = newStreamId();
    let { nextExpectedStreamVersion } = await this.store.appendToStream<NoteEvent>(stream, [this.event()], {
      expectedStreamVersion: STREAM_DOES_NOT_EXIST,
    });
    return async () => {
      ({ nextExpectedStreamVersion } = await this.store.appendToStream<NoteEvent>(stream, [this.event()], {
        expectedStreamVersion: nextExpectedStreamVersion,
      }));
    };
  }

  async seedForRead(events: number, perAppend: number): Promise<void> {
    // Emmett keeps every event in one table, so the read starts after what the append workloads wrote.
    // Not readLastMessageGlobalPosition: in 0.42 it returns the first position, not the last.
    const { rows } = await this.pgPool.query<{ last: string | null }>(
      'SELECT max(global_position)::text AS last FROM emt_messages',
    );
    this.readFrom = rows[0]?.last ? BigInt(rows[0].last) : null;
    for (let written = 0; written < events; written += perAppend) {
      const batch = Array.from({ length: Math.min(perAppend, events - written) }, () => this.event());
      await this.store.appendToStream<NoteEvent>(newStreamId(), batch, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    }
  }

  async readAll(batchSize: number): Promise<number> {
    let count = 0;
    let after = this.readFrom ?? 0n;
    for (;;) {
      const read = await readMessagesBatch(this.pool.execute, { after, batchSize });
      count += read.messages.length;
      if (!read.areMessagesLeft) return count;
      after = read.currentGlobalPosition;
    }
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.pgPool.end();
  }
}

/** The physical limit: one autocommitted single-row INSERT per event, and a bare keyset SELECT. */
export class LimitColumn implements Column {
  readonly key = 'limit' as const;
  readonly label = 'limit (bare pg)';
  readonly readApi: string;
  private revision = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly readTable: string,
  ) {
    this.readApi = `keyset SELECT over ${readTable} on its (transaction_id, global_position) index, pages of batchSize`;
  }

  static async create(url: string, readTable: string): Promise<LimitColumn> {
    const pool = new Pool({ connectionString: url, max: 16 });
    pool.on('error', () => undefined);
    await pool.query('CREATE TABLE bare_events (stream_id text, revision bigint, data jsonb, UNIQUE (stream_id, revision))');
    return new LimitColumn(pool, readTable);
  }

  phase<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  private async insert(stream: string, revision: number): Promise<void> {
    await this.pool.query({
      name: 'bare_insert',
      text: 'INSERT INTO bare_events (stream_id, revision, data) VALUES ($1, $2, $3)',
      values: [stream, revision, JSON.stringify(noteData())],
    });
  }

  async appendToNewStream(): Promise<void> {
    await this.insert(newStreamId(), 0);
  }

  async openStream(): Promise<() => Promise<void>> {
    const stream = newStreamId();
    await this.insert(stream, 0);
    return async () => this.insert(stream, ++this.revision);
  }

  async seedForRead(): Promise<void> {
    // Nothing to write: the limit reads the very rows Samspår's read workload wrote.
  }

  async readAll(batchSize: number): Promise<number> {
    let count = 0;
    let tx = '0';
    let pos = '0';
    for (;;) {
      const { rows } = await this.pool.query<{ tx: string; position: string }>({
        name: 'bare_read',
        text: `SELECT event_id AS id, type, data, metadata, transaction_id AS tx, global_position AS position
               FROM ${this.readTable}
               WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
               ORDER BY transaction_id, global_position LIMIT $3`,
        values: [tx, pos, batchSize],
      });
      count += rows.length;
      if (rows.length < batchSize) return count;
      ({ tx, position: pos } = rows[rows.length - 1]!);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
