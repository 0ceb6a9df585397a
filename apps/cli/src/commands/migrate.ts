import { quoteIdent } from '@samspar/event-store';
import type { AppConfig } from '@samspar/platform';
import { Command, parseCommandArguments, withEventStore } from '../support';

export const MIGRATE_HELP = `samspar migrate: create or update the event store's tables, then print the schema and its version

Run it before the first start, or after an upgrade; the api also migrates when it starts. With KurrentDB/EventStoreDB
(EVENT_STORE=eventstoredb) there is no schema to migrate: it checks that the store answers. With PGlite, through the
running api's socket while it runs.

Usage:
  samspar migrate

Examples:
  npm run cli -- migrate
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node dist/apps/cli/src/main.js migrate
  DATABASE_SCHEMA=samspar_demo DATA_DIR=/tmp/samspar node dist/apps/cli/src/main.js migrate
`;

/** Opening the event store migrates it; then says which version the schema is at. */
export async function runMigrate(args: readonly string[], config: AppConfig): Promise<string> {
  parseCommandArguments(
    args,
    { command: 'migrate', takes: 'it takes no arguments', example: 'samspar migrate' },
    { options: {} },
  );
  return withEventStore('migrate', config, async ({ sql, store, where }) => {
    if (config.eventStore === 'eventstoredb') {
      await store.ping();
      return 'The events live in KurrentDB/EventStoreDB, which has no schema to migrate; it answers.\n';
    }
    const [row] = await sql.query<{ version: number | null }>(
      `SELECT max(version)::int AS version FROM ${quoteIdent(config.databaseSchema)}.schema_migrations WHERE component = 'event-store'`,
    );
    return `Schema ${config.databaseSchema} on ${where}: event-store at version ${row?.version ?? 0}.\n`;
  });
}

export const migrateCommand: Command = {
  name: 'migrate',
  help: MIGRATE_HELP,
  run: async (args, config) => ({ output: await runMigrate(args, config) }),
};
