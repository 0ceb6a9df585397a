import { openEventStore, openSqlClient, quoteIdent } from '@samspar/event-store';
// Shared with the api until the configuration moves into a lib of its own (see the dependency rules).
import { AppConfig, ConfigError, describeDatabase, eventStoreConfigOf, loadConfig } from '@samspar/platform';
import { DemoGenerateUsageError, runDemoGenerate } from './commands/demo-generate';
import { EXPORT_HELP, ExportUsageError, runExport } from './commands/export';
import { GALLRING_HELP, GallringUsageError, runGallringCommand } from './commands/gallring';
import { REBUILD_HELP, RebuildUsageError, runRebuild } from './commands/rebuild';
import { REPLAY_HELP, ReplayUsageError, runReplay } from './commands/replay';
import { REPORT_HELP, ReportUsageError, runReport } from './commands/report';
import { VERIFY_HELP, VerifyUsageError, runVerify } from './commands/verify';
import { TokenUsageError, mintDevelopmentToken } from './commands/token';

const HELP = `samspar: tools for Samspår administrators and evaluators

Usage:
  samspar <command>
  samspar --help

Commands:
  migrate    Create or update the event store's tables, then print the schema and its version.
             Run it before the first start, or after an upgrade; the api also migrates when it starts.
  token      Print a development sign-in token, signed with DATA_DIR/dev-signing-key.json (made if absent).
             The api accepts it while AUTH_JWKS_URL is unset (never with NODE_ENV=production).
               --role caseworker|manager|evaluator|admin   (required)
               --org <uuid>          an organisation the user acts for; repeat for more (required for
                                     caseworker and manager)
               --user <id>           the user id (sub); default dev-<role>
               --unit <id>           the unit within the organisation
               --permission protected_identity   may see participants with skyddade personuppgifter
               --ttl 8h              lifetime: a number and s, m, h or d, at most 30d; default 8h
  demo:generate
             Write a synthetic Göteborgsregionen through the real deciders: 13 municipalities, about 60
             organisations, 20 tracks, and participants with referrals, journeys, interventions, statuses
             and follow-ups over the last 3 years. The same seed and date give the same events, so a second
             run appends nothing. Shows a progress bar on a terminal.
               --participants N      how many participants, 1 to 1,000,000 (required)
               --seed S              default 1
               --concurrency C       participants written at once, 1 to 64; default 8
               --now YYYY-MM-DD      the end of the history; default today (UTC)
  rebuild <read-model|all>
             Build read models again from the whole log, blue/green: the new generation is built beside
             the one that serves, then takes over. Shows progress on a terminal.
  report <name> [--as-of D]
             Any manager report, now or as of a past date, as JSON or CSV, small cells suppressed.
  replay --participant ID --journey ID [--as-of D]
             A journey's history step by step, as known then and as known now; the participant as a pseudonym.
  export --from D --to D --format ndjson|csv --out FILE
             The event log for evaluators: pseudonyms by an export key, no personal fields; constant memory.
  verify     Check the log: contiguous revisions, global order, events decrypt or are erased, checkpoints
             not ahead of the log. Exits 1 on any fault.
  gallring --dry-run | --apply
             Clear participants whose last entry is more than 5 years old (SoL 12:1) by destroying their
             keys; those born on a research day (GALLRING_RESEARCH_DAYS) are kept. Audited.

Every command takes --help, e.g. samspar export --help.

Environment (the same variables as the api):
  DATABASE_URL      PostgreSQL, postgres://USER:PASSWORD@HOST:5432/DATABASE.
                    Unset: PGlite in DATA_DIR/pglite (stop the api first; PGlite allows one process).
  DATABASE_SCHEMA   Schema of the event tables (default samspar).
  DATA_DIR          Where PGlite keeps its files (default ./data).
  EVENT_STORE       postgres (default) or eventstoredb, with EVENTSTORE_CONNECTION_STRING=esdb://HOST:2113?tls=false.

Examples:
  npm run cli -- migrate
  npm run cli -- rebuild all
  npm run cli -- report outcomes --as-of 2025-12-31 --format csv
  npm run cli -- export --from 2025-01-01 --to 2026-01-01 --format ndjson --out events.ndjson --key-file export.key
  npm run cli -- verify
  npm run demo:generate -- --participants 10000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run demo:generate -- --participants 100000 --concurrency 16
  npm run token -- --role caseworker --org 3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44
  curl -H "Authorization: Bearer $(npm run --silent token -- --role manager --org <uuid>)" localhost:3000/...
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node dist/apps/cli/src/main.js migrate
  DATABASE_SCHEMA=samspar_demo DATA_DIR=/tmp/samspar node dist/apps/cli/src/main.js migrate

Exit codes: 0 done, 1 verify found faults, 2 a usage, configuration or connection problem (one line on
stderr says which).
`;

/** What the user got wrong or must fix; printed as one line, exit code 2. */
class UsageError extends Error {}

/** Help for one command: its own text, or the part of the main help that names it. */
const COMMAND_HELP: Readonly<Record<string, string>> = {
  rebuild: REBUILD_HELP,
  report: REPORT_HELP,
  replay: REPLAY_HELP,
  export: EXPORT_HELP,
  verify: VERIFY_HELP,
  gallring: GALLRING_HELP,
};

/** Commands whose whole run is a string for stdout. */
const COMMANDS: Readonly<Record<string, (args: readonly string[], config: AppConfig) => Promise<string>>> = {
  rebuild: runRebuild,
  report: runReport,
  replay: runReplay,
  export: (args, config) => runExport(args, config),
  gallring: (args, config) => runGallringCommand(args, config),
  'demo:generate': runDemoGenerate,
};

async function main(args: readonly string[]): Promise<void> {
  const [command, ...rest] = args;
  if (args.includes('--help') || args.includes('-h') || command === 'help') {
    const named = command === 'help' ? rest[0] : command;
    process.stdout.write((named !== undefined && COMMAND_HELP[named]) || HELP);
    return;
  }
  if (command === undefined)
    throw new UsageError('No command given; run samspar --help to see the commands, such as samspar migrate.');
  const run = COMMANDS[command];
  if (run) {
    process.stdout.write(await run(rest, loadConfig(process.env)));
    return;
  }
  switch (command) {
    case 'migrate':
      if (rest.length > 0) {
        throw new UsageError(
          `migrate takes no arguments, but got ${JSON.stringify(rest.join(' ').slice(0, 60))}; run samspar --help.`,
        );
      }
      return migrate(loadConfig(process.env));
    case 'token': {
      const { token, keyFile, keyCreated } = await mintDevelopmentToken(rest, loadConfig(process.env));
      // stderr, so that $(npm run --silent token ...) captures the token alone.
      if (keyCreated) process.stderr.write(`samspar: made the development signing key ${keyFile}\n`);
      process.stdout.write(`${token}\n`);
      return;
    }
    case 'verify': {
      const { output, faults } = await runVerify(rest, loadConfig(process.env));
      process.stdout.write(output);
      if (faults > 0) process.exitCode = 1;
      return;
    }
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(command.slice(0, 60))}; run samspar --help to see the commands.`);
  }
}

async function migrate(config: AppConfig): Promise<void> {
  const storeConfig = eventStoreConfigOf(config);
  const sql = await openSqlClient(storeConfig).catch((error: unknown) => {
    throw new UsageError(`Could not open ${describeDatabase(config)}: ${oneLine(error)}; check DATABASE_URL or DATA_DIR.`);
  });
  try {
    const store = await openEventStore(storeConfig, sql).catch((error: unknown) => {
      throw new UsageError(
        config.eventStore === 'eventstoredb'
          ? `Could not reach KurrentDB/EventStoreDB: ${oneLine(error)}; check that it runs and EVENTSTORE_CONNECTION_STRING points at it.`
          : `Could not migrate the event store on ${describeDatabase(config)}: ${oneLine(error)}; check that the database runs and DATABASE_URL points at it.`,
      );
    });
    try {
      if (config.eventStore === 'eventstoredb') {
        await store.ping();
        process.stdout.write('The events live in KurrentDB/EventStoreDB, which has no schema to migrate; it answers.\n');
        return;
      }
      const schema = quoteIdent(config.databaseSchema);
      const [row] = await sql.query<{ version: number | null }>(
        `SELECT max(version)::int AS version FROM ${schema}.schema_migrations WHERE component = 'event-store'`,
      );
      process.stdout.write(
        `Schema ${config.databaseSchema} on ${describeDatabase(config)}: event-store at version ${row?.version ?? 0}.\n`,
      );
    } finally {
      await store.close();
    }
  } finally {
    await sql.close();
  }
}

function oneLine(error: unknown): string {
  // pg reports a refused connection to several addresses as an AggregateError with an empty message.
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const text = inner instanceof Error ? inner.message || (inner as { code?: string }).code || inner.name : String(inner);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof TokenUsageError ||
      error instanceof DemoGenerateUsageError ||
      error instanceof RebuildUsageError ||
      error instanceof ReportUsageError ||
      error instanceof ReplayUsageError ||
      error instanceof ExportUsageError ||
      error instanceof VerifyUsageError ||
      error instanceof GallringUsageError ||
      error instanceof ConfigError
    ) {
      process.stderr.write(`samspar: ${error.message}\n`);
    } else {
      process.stderr.write(`samspar: unexpected failure: ${oneLine(error)}; run samspar --help, or report it with this line.\n`);
    }
    process.exit(2);
  },
);
