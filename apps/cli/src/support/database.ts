import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_PGLITE_DIR,
  EventStore,
  PgSqlClient,
  SqlClient,
  dataDirServer,
  openEventStore,
  openSqlClient,
} from '@samspar/event-store';
import { AppConfig, describeDatabase, eventStoreConfigOf } from '@samspar/platform';
import { KeyVault, MASTER_KEY_VARIABLE, PrivacyKeys, developmentKeys } from '@samspar/privacy';
import { UsageError, oneLine } from './usage-error';

/** The configured database, open. */
export interface Database {
  readonly sql: SqlClient;
  /** The database in words, for messages and output; never a password. */
  readonly where: string;
}

/** The configured database with the event store on it. */
export interface Store extends Database {
  readonly store: EventStore;
}

/**
 * Opens the database as the api does, runs work on it and closes it. A database that will not open is a
 * UsageError naming the command. `open` stands in for openSqlClient where a command needs another pool.
 * While an api runs on the embedded PGlite, its files are the api's: the command uses the database through
 * the socket the api serves, and says so in one line on stderr.
 */
export async function withDatabase<T>(
  command: string,
  config: AppConfig,
  work: (database: Database) => Promise<T>,
  open: () => Promise<SqlClient> = () => openSqlClient(eventStoreConfigOf(config)),
  stderr: { write(text: string): unknown } = process.stderr,
): Promise<T> {
  const api = config.databaseUrl ? undefined : dataDirServer(eventStoreConfigOf(config).dataDir ?? DEFAULT_PGLITE_DIR);
  if (api) stderr.write(`samspar: Using the running api's database through ${api.socket} (pid ${api.pid})\n`);
  const where = api ? `the running api's database (${api.socket})` : describeDatabase(config);
  const sql = await Promise.resolve()
    .then(api ? () => throughSocket(api.socket) : open)
    .catch((error: unknown) => {
      throw new UsageError(`${command}: could not open ${where}: ${oneLine(error)}; check DATABASE_URL or DATA_DIR.`);
    });
  try {
    return await work({ sql, where });
  } finally {
    await sql.close();
  }
}

async function throughSocket(socket: string): Promise<SqlClient> {
  const sql = PgSqlClient.throughPGliteSocket(socket);
  // Connect now, so that a socket that does not answer is this command's one-line error.
  await sql.query('SELECT 1').catch(async (error: unknown) => {
    await sql.close();
    throw error;
  });
  return sql;
}

/** withDatabase, with the configured event store (PostgreSQL, PGlite or KurrentDB) opened on it and closed after. */
export async function withEventStore<T>(
  command: string,
  config: AppConfig,
  work: (opened: Store) => Promise<T>,
  open?: () => Promise<SqlClient>,
): Promise<T> {
  return withDatabase(
    command,
    config,
    async ({ sql, where }) => {
      const store = await openEventStore(eventStoreConfigOf(config), sql).catch((error: unknown) => {
        throw new UsageError(
          config.eventStore === 'eventstoredb'
            ? `${command}: could not reach KurrentDB/EventStoreDB: ${oneLine(error)}; check that it runs and EVENTSTORE_CONNECTION_STRING points at it.`
            : `${command}: could not open the event store on ${where}: ${oneLine(error)}; check that the database runs and DATABASE_URL points at it.`,
        );
      });
      try {
        return await work({ sql, where, store });
      } finally {
        await store.close();
      }
    },
    open,
  );
}

/**
 * The privacy keys the api uses, for a command that reads what is stored. A PGlite directory that is not there, or
 * development keys not made yet, would be made new here and hold or open nothing stored: both are refused.
 */
export function keysForStoredData(command: string, config: AppConfig): PrivacyKeys {
  const { dataDir } = eventStoreConfigOf(config);
  if (!config.databaseUrl && dataDir && !existsSync(dataDir)) {
    throw new UsageError(
      `${command}: there is no database at ${describeDatabase(config)}; set DATA_DIR to where the api keeps it, or DATABASE_URL.`,
    );
  }
  if (config.privacyKeys) return config.privacyKeys;
  if (!existsSync(join(config.dataDir, 'dev-keys.json'))) {
    throw new UsageError(
      `${command}: ${MASTER_KEY_VARIABLE} is not set and ${config.dataDir} holds no development keys; set the privacy keys the api uses.`,
    );
  }
  return developmentKeys(config.dataDir);
}

/** The key vault on the database, under the master key. */
export async function openVault(
  command: string,
  { sql, where }: Database,
  config: AppConfig,
  keys: PrivacyKeys,
): Promise<KeyVault> {
  return KeyVault.create({ sql, schema: config.databaseSchema, masterKey: keys.masterKey }).catch((error: unknown) => {
    throw new UsageError(`${command}: could not read the key vault on ${where}: ${oneLine(error)}; check DATABASE_URL.`);
  });
}
