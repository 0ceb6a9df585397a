// Shared with the api until the configuration moves into a lib of its own (see the dependency rules).
import { ConfigError, loadConfig } from '@samspar/platform';
import { COMMANDS } from './commands';
import { UsageError, oneLine } from './support';

/** Where samspar writes: stdout for what the command gives, stderr for notices and errors. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export const HELP = `samspar: tools for Samspår administrators and evaluators

Usage:
  samspar <command> [options]
  samspar <command> --help
  samspar --help

Commands:
${COMMANDS.map((command) => `  ${command.help.slice(0, command.help.indexOf('\n'))}`).join('\n')}

Every command takes --help, e.g. samspar export --help.

Environment (the same variables as the api):
  DATABASE_URL      PostgreSQL, postgres://USER:PASSWORD@HOST:5432/DATABASE.
                    Unset: PGlite in DATA_DIR/pglite, through the running api's socket if it runs.
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
  npm run token -- --role caseworker --org 3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44

Exit codes: 0 done, 1 verify found faults, 2 a usage, configuration or connection problem (one line on
stderr says which).
`;

/** Runs one samspar command line and returns the exit code; every error is one line on stderr. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  try {
    return await dispatch(args, env, output);
  } catch (error) {
    output.stderr.write(
      error instanceof UsageError || error instanceof ConfigError
        ? `samspar: ${error.message}\n`
        : `samspar: unexpected failure: ${oneLine(error)}; run samspar --help, or report it with this line.\n`,
    );
    return 2;
  }
}

async function dispatch(args: readonly string[], env: NodeJS.ProcessEnv, { stdout, stderr }: CliOutput): Promise<number> {
  const [name, ...rest] = args;
  if (args.includes('--help') || args.includes('-h') || name === 'help') {
    const named = name === 'help' ? rest[0] : name;
    stdout.write(COMMANDS.find((command) => command.name === named)?.help ?? HELP);
    return 0;
  }
  if (name === undefined) {
    throw new UsageError(
      `No command given; name one of ${COMMANDS.map((command) => command.name).join(', ')}, as in: samspar migrate, or run samspar --help.`,
    );
  }
  const command = COMMANDS.find((each) => each.name === name);
  if (!command) {
    throw new UsageError(`Unknown command ${JSON.stringify(name.slice(0, 60))}; run samspar --help to see the commands.`);
  }
  const result = await command.run(rest, loadConfig(env));
  if (result.notice !== undefined) stderr.write(`samspar: ${result.notice}\n`);
  stdout.write(result.output);
  return result.exitCode ?? 0;
}
