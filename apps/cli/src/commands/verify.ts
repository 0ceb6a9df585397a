import type { AppConfig } from '@samspar/platform';
import { Command, UsageError, openVault, parseCommandArguments, quote, keysForStoredData, withDatabase } from '../support';
import { NoEventStoreError, VerifyResult, assertEventStore, verifyStore } from './verify/verify-store';

export const DEFAULT_MAX_FAULTS = 20;
const MAX_MAX_FAULTS = 100_000;
const EXAMPLE = 'samspar verify --max-faults 50 --format json';

export const VERIFY_HELP = `samspar verify: check the stored event log and what is built from it

Reads, never writes. Checks that
  - every stream's revisions run 0, 1, 2, … with no gap and no duplicate;
  - the global order agrees with the stream revisions (each event after the one before it in its stream);
  - every identified participant's sealed personal data opens with the participant's key, or the key was
    destroyed (gallring: erased is fine, a value that does not open is a fault);
  - no read-model checkpoint is past the head of the log;
  - event ids are unique, and the log's triggers (append-only, append announcement) are there and enabled.
Prints a table of the checks, up to --max-faults lines per check, and a last line "verify: clean" or
"verify: N faults". Uses DATABASE_URL, DATABASE_SCHEMA, DATA_DIR and PRIVACY_MASTER_KEY as the api does.
With PGlite, through the running api's socket while it runs.

Options:
  --max-faults N     fault lines shown per check, 0 to ${MAX_MAX_FAULTS.toLocaleString('en')}; default ${DEFAULT_MAX_FAULTS} (all are counted)
  --format text|json json prints the whole result as one JSON document; default text

Examples:
  npm run cli -- verify
  npm run cli -- verify --max-faults 100
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run cli -- verify --format json | jq '.checks[] | select(.faultCount > 0)'

Exit codes: 0 clean, 1 faults found, 2 a usage, configuration or connection problem.
`;

export interface VerifyRequest {
  readonly help: boolean;
  readonly maxFaults: number;
  readonly format: 'text' | 'json';
}

export function parseVerifyArguments(args: readonly string[]): VerifyRequest {
  const { values } = parseCommandArguments(
    args,
    { command: 'verify', takes: 'it takes --max-faults and --format', example: EXAMPLE },
    {
      options: {
        'max-faults': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  );
  const text = values['max-faults'];
  const maxFaults = text === undefined ? DEFAULT_MAX_FAULTS : /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(maxFaults >= 0 && maxFaults <= MAX_MAX_FAULTS)) {
    throw new UsageError(
      `verify: --max-faults ${quote(text ?? '')} is not a whole number from 0 to ${MAX_MAX_FAULTS.toLocaleString('en')}; as in: ${EXAMPLE}`,
    );
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`verify: --format ${quote(format)} is not text or json; as in: ${EXAMPLE}`);
  }
  return { help: values.help ?? false, maxFaults, format };
}

const figures = new Intl.NumberFormat('en-GB');

/** The summary table, the kept fault lines per check, and the verdict as the last line. */
export function formatVerifyReport(result: VerifyResult, where: string, durationMs?: number): string {
  const took = durationMs === undefined ? '' : ` (${(durationMs / 1000).toFixed(1)} s)`;
  const lines = [
    `Verified schema ${result.schema} on ${where}: ${counted(result.events, 'events')} in ${counted(result.streams, 'streams')}, head ${result.head}${took}.`,
    '',
  ];
  const rows = [
    ['check', 'checked', 'faults'],
    ...result.checks.map((check) => [check.name, counted(check.checked, check.unit), figures.format(check.faultCount)]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [name, checked, faults] of rows)
    lines.push(`${name!.padEnd(widths[0]!)}  ${checked!.padEnd(widths[1]!)}  ${faults}`);
  for (const check of result.checks) {
    if (check.note) lines.push(`  ${check.name}: ${check.note}`);
  }
  for (const check of result.checks.filter((each) => each.faultCount > 0)) {
    lines.push('', `${check.name}: ${figures.format(check.faultCount)} ${check.faultCount === 1 ? 'fault' : 'faults'}`);
    for (const fault of check.faults) {
      const subject = fault.streamId ?? fault.readModel;
      lines.push(`  ${fault.kind}${subject ? ` ${subject}` : ''}: ${fault.detail}`);
    }
    const hidden = check.faultCount - check.faults.length;
    if (hidden > 0) lines.push(`  … and ${figures.format(hidden)} more (--max-faults ${check.faultCount} shows them all)`);
  }
  lines.push(
    '',
    result.faultCount === 0
      ? 'verify: clean'
      : `verify: ${figures.format(result.faultCount)} ${result.faultCount === 1 ? 'fault' : 'faults'}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Opens the database and key vault as the api does, verifies, and returns what to print and how many faults. */
export async function runVerify(args: readonly string[], config: AppConfig): Promise<{ output: string; faults: number }> {
  const request = parseVerifyArguments(args);
  if (request.help) return { output: VERIFY_HELP, faults: 0 };
  if (config.eventStore !== 'postgres') {
    throw new UsageError(
      'verify: it checks events kept in PostgreSQL or PGlite; KurrentDB/EventStoreDB keeps its own order. Unset EVENT_STORE or set it to postgres.',
    );
  }
  const keys = keysForStoredData('verify', config);
  return withDatabase('verify', config, async (database) => {
    const { sql, where } = database;
    const started = Date.now();
    const noStore = (error: unknown) => {
      throw error instanceof NoEventStoreError
        ? new UsageError(
            `verify: schema ${config.databaseSchema} on ${where} holds no event store; check DATABASE_SCHEMA, or run samspar migrate first.`,
          )
        : error;
    };
    // Before the vault, which would make its table in an empty schema.
    await assertEventStore(sql, config.databaseSchema).catch(noStore);
    const vault = await openVault('verify', database, config, keys);
    const result = await verifyStore(sql, config.databaseSchema, vault, { maxFaults: request.maxFaults }).catch(noStore);
    const output =
      request.format === 'json'
        ? `${JSON.stringify({ database: where, ...result }, null, 2)}\n`
        : formatVerifyReport(result, where, Date.now() - started);
    return { output, faults: result.faultCount };
  });
}

/** "1 stream", "2 streams": units are written in the plural. */
function counted(count: number, unit: string): string {
  return `${figures.format(count)} ${count === 1 ? unit.replace(/s$/, '') : unit}`;
}

export const verifyCommand: Command = {
  name: 'verify',
  help: VERIFY_HELP,
  run: async (args, config) => {
    const { output, faults } = await runVerify(args, config);
    return { output, exitCode: faults > 0 ? 1 : 0 };
  },
};
