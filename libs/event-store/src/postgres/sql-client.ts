import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client, ClientConfig, Pool, PoolClient, types } from 'pg';
import { announceSocket, holdDataDir } from './data-dir-lock';
import { PGliteSession, PGliteSocket, socketPathFor } from './pglite-socket';

/** The little of a PostgreSQL connection that Samspår needs; the same code runs on `pg` and on PGlite. */
export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
  /** Runs several statements with no parameters, e.g. a migration. */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on the channel; resolves to an unlisten function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * A connection of its own, e.g. to hold a session-level advisory lock. `onLost` runs if the server
   * drops it. PGlite has a single connection, so there it is the shared one.
   */
  reserve(onLost?: () => void): Promise<ReservedSqlConnection>;
  close(): Promise<void>;
}

export type SqlTransaction = Pick<SqlClient, 'query' | 'exec'>;

export interface ReservedSqlConnection extends SqlTransaction {
  release(): Promise<void>;
}

// int8 as text would leak strings into the domain; counts and revisions fit in a double.
// Set per pool, so that other pg users in the same process keep their defaults.
const samsparTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8
      ? (value: string) => {
          const n = Number(value);
          return Number.isSafeInteger(n) ? n : value;
        }
      : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

export interface PgConnectOptions {
  readonly max?: number;
  readonly applicationName?: string;
  /** Sessions default to read-only transactions (a reports connection to a standby). */
  readonly readOnly?: boolean;
  /**
   * Plan each query for its own values (plan_cache_mode auto), for the report and list queries: each runs once
   * with its filters, and a generic plan, blind to the dates and organisations, cost them 10–20 % at p95 in
   * bench:projections (the entry profile over the whole region 228 against 123 ms). Not for the store's named
   * statements, which keep their generic plan.
   */
  readonly customPlans?: boolean;
}

export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private readonly listeners: Client[] = [];

  constructor(
    readonly pool: Pool,
    private readonly connection: ClientConfig,
    /** False on a PGlite served through its socket: see throughPGliteSocket. */
    private readonly ownSessions = true,
  ) {}

  static connect(connectionString: string, options: PgConnectOptions = {}): PgSqlClient {
    const connection: ClientConfig = { connectionString, types: samsparTypes };
    const pool = new Pool({
      ...connection,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'samspar',
      connectionTimeoutMillis: 5_000,
      // Commands and reports are short queries; JIT compiling them costs more (hundreds of ms) than it saves.
      // Named statements (the store's reads and appends) keep their generic plan: a custom plan for a read
      // from the start of the log, with a category filter the planner thinks rare, sorts the whole log.
      options: `-c jit=off -c plan_cache_mode=${options.customPlans ? 'auto' : 'force_generic_plan'}${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    });
    // An idle client's error (e.g. the server restarting) must not crash the process.
    pool.on('error', () => undefined);
    return new PgSqlClient(pool, connection);
  }

  /**
   * The PGlite of a running api, through the Unix socket it serves (`path` ends in .s.PGSQL.<port>). Its
   * connections share the api's one session: they set nothing on it (no startup options, no named statements,
   * which would outlive this process and collide with the next one's), and one connection is enough, as the
   * session runs one client's work at a time. LISTEN would hear nothing (the api's appends do not notify),
   * so subscriptions poll.
   */
  static throughPGliteSocket(path: string): PgSqlClient {
    const port = Number(/\.s\.PGSQL\.(\d+)$/.exec(basename(path))?.[1] ?? 5432);
    const connection: ClientConfig = {
      host: dirname(path),
      port,
      user: 'postgres',
      database: 'postgres',
      types: samsparTypes,
    };
    const pool = new Pool({ ...connection, max: 1, connectionTimeoutMillis: 5_000 });
    pool.on('error', () => undefined);
    return new PgSqlClient(pool, connection, false);
  }

  async query<Row>(text: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    const result = await this.pool.query({ text, values: params as unknown[], ...this.named(name) });
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    // The pool listens for errors only on idle clients: a server that goes away while this one is checked out
    // and between statements would otherwise end the process with an unhandled 'error' event.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(text: string, params: readonly unknown[] = [], name?: string) =>
          (await client.query({ text, values: params as unknown[], ...this.named(name) })).rows as Row[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!lost) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.removeListener('error', onError);
      // A client whose connection broke is destroyed, not handed to the next caller.
      client.release(lost);
    }
  }

  private named(name: string | undefined): { name?: string } {
    return name && this.ownSessions ? { name } : {};
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    if (!this.ownSessions) return async () => undefined;
    const client = new Client({ ...this.connection, application_name: 'samspar-listen' });
    client.on('error', () => undefined);
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    await client.connect();
    await client.query(`LISTEN ${quoteIdent(channel)}`);
    this.listeners.push(client);
    return async () => {
      this.listeners.splice(this.listeners.indexOf(client), 1);
      await client.end().catch(() => undefined);
    };
  }

  async reserve(onLost?: () => void): Promise<ReservedSqlConnection> {
    const client = new Client({ ...this.connection, ...(this.ownSessions ? { application_name: 'samspar-reserved' } : {}) });
    let released = false;
    client.on('error', () => {
      if (!released) onLost?.();
    });
    client.on('end', () => {
      if (!released) onLost?.();
    });
    await client.connect();
    return {
      query: async <Row>(text: string, params: readonly unknown[] = []) =>
        (await client.query({ text, values: params as unknown[] })).rows as Row[],
      exec: async (sql: string) => {
        await client.query(sql);
      },
      release: async () => {
        released = true;
        await client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.listeners.splice(0).map((client) => client.end().catch(() => undefined)));
    await this.pool.end();
  }
}

const MEMORY = 'memory://';

export class PGliteSqlClient implements SqlClient {
  readonly kind = 'pglite' as const;
  private readonly session = new PGliteSession();
  private socket: PGliteSocket | undefined;

  constructor(
    readonly db: PGlite,
    private readonly releaseDataDir: () => Promise<void> = async () => undefined,
    private readonly dataDir?: string,
  ) {}

  /**
   * `dataDir` undefined, or `memory://`, keeps the database in memory. A directory is held for this process
   * until `close`: another process that opens it gets DataDirInUseError, naming the holder.
   */
  static async open(dataDir?: string): Promise<PGliteSqlClient> {
    if (dataDir === undefined || dataDir === MEMORY) return new PGliteSqlClient(await PGlite.create({}));
    mkdirSync(dataDir, { recursive: true });
    const release = await holdDataDir(dataDir);
    try {
      return new PGliteSqlClient(await PGlite.create({ dataDir }), release, dataDir);
    } catch (error) {
      await release();
      throw error;
    }
  }

  /**
   * Serves this database to local PostgreSQL clients on a Unix socket in DATA_DIR (the CLI while the api runs),
   * named in the owner file, until `close`. Resolves to the socket's path, or undefined where there is none:
   * in memory, or a path too long for a socket.
   */
  async serve(): Promise<string | undefined> {
    if (this.socket) return this.socket.path;
    const path = this.dataDir === undefined ? undefined : socketPathFor(this.dataDir);
    if (this.dataDir === undefined || path === undefined) return undefined;
    this.socket = await PGliteSocket.serve(this.db, this.session, path);
    announceSocket(this.dataDir, path);
    return path;
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.session.run(() => this.db.query<Row>(text, params as unknown[]));
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.session.run(() => this.db.exec(sql));
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.session.run(() =>
      this.db.transaction(async (tx) =>
        work({
          query: async <Row>(text: string, params: readonly unknown[] = []) =>
            (await tx.query<Row>(text, params as unknown[])).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    );
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const unlisten = await this.session.run(() => this.db.listen(channel, () => onNotify()));
    return () => this.session.run(unlisten);
  }

  async reserve(): Promise<ReservedSqlConnection> {
    return { query: (text, params) => this.query(text, params), exec: (sql) => this.exec(sql), release: async () => undefined };
  }

  async close(): Promise<void> {
    // Clients first: a transaction one left open is rolled back before the files close.
    await this.socket?.stop();
    this.socket = undefined;
    if (!this.db.closed) await this.session.run(() => this.db.close());
    await this.releaseDataDir();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Schema name ${JSON.stringify(schema)} must be lower-case letters, digits and _`);
  }
}
