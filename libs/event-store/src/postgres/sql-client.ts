import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Client, Pool, PoolClient, types } from 'pg';
import { holdDataDir } from './data-dir-lock';

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

export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private readonly listeners: Client[] = [];

  constructor(
    readonly pool: Pool,
    private readonly connectionString: string,
  ) {}

  static connect(connectionString: string, options: { max?: number; applicationName?: string } = {}): PgSqlClient {
    const pool = new Pool({
      connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'samspar',
      connectionTimeoutMillis: 5_000,
      // Commands and reports are short queries; JIT compiling them costs more (hundreds of ms) than it saves.
      // Named statements (the store's reads and appends) keep their generic plan: a custom plan for a read
      // from the start of the log, with a category filter the planner thinks rare, sorts the whole log.
      options: '-c jit=off -c plan_cache_mode=force_generic_plan',
      types: samsparTypes,
    });
    // An idle client's error (e.g. the server restarting) must not crash the process.
    pool.on('error', () => undefined);
    return new PgSqlClient(pool, connectionString);
  }

  async query<Row>(text: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    const result = await this.pool.query({ text, values: params as unknown[], ...(name ? { name } : {}) });
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(text: string, params: readonly unknown[] = [], name?: string) =>
          (await client.query({ text, values: params as unknown[], ...(name ? { name } : {}) })).rows as Row[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'samspar-listen',
      types: samsparTypes,
    });
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
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'samspar-reserved',
      types: samsparTypes,
    });
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

  constructor(
    readonly db: PGlite,
    private readonly releaseDataDir: () => Promise<void> = async () => undefined,
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
      return new PGliteSqlClient(await PGlite.create({ dataDir }), release);
    } catch (error) {
      await release();
      throw error;
    }
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(text, params as unknown[]);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) =>
          (await tx.query<Row>(text, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, () => onNotify());
  }

  async reserve(): Promise<ReservedSqlConnection> {
    return { query: (text, params) => this.query(text, params), exec: (sql) => this.exec(sql), release: async () => undefined };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
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
