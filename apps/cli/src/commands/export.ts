import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import {
  ALL_EXPORT_EVENT_TYPES,
  EXPORT_CATEGORIES,
  EXPORT_FORMATS,
  ExportCategory,
  ExportFormat,
  ExportProgress,
  exportEvents,
} from '@samspar/evaluation';
import { isCalendarDay } from '@samspar/kernel';
import type { AppConfig } from '@samspar/platform';
import { Pseudonymiser } from '@samspar/privacy';
import { Command, UsageError, parseCommandArguments, quote, withEventStore } from '../support';

export const EXPORT_KEY_VARIABLE = 'SAMSPAR_EXPORT_KEY';
const MAKE_A_KEY = 'openssl rand -hex 32 > export.key';

export const EXPORT_HELP = `samspar export: the event log, pseudonymised, for evaluators

Usage:
  samspar export --from YYYY-MM-DD --to YYYY-MM-DD --format ndjson|csv --out FILE
                 [--key-file FILE] [--category C] [--type T] [--organisation UUID]

Each participant, and every id that could lead to one (events, journeys, referrals, consents, enrolments,
interventions, statuses, caseworkers), becomes an HMAC-SHA256 pseudonym under the export key: two exports with
the same key link, exports with different keys do not. Personal data, the lookup hash, user ids and free text
are left out; organisation, track and unit ids stay. Memory stays constant however long the log.

  --from, --to      the period [from, to) by when the event happened, UTC days (required)
  --format          ndjson (one JSON record per line) or csv (event, type, participant, occurredAt,
                    recordedAt, role, organisationId, data as JSON) (required)
  --out FILE        where to write; written beside as FILE.partial and renamed when complete (required)
  --key-file FILE   the export key: 64 hex digits (32 random bytes). Or set ${EXPORT_KEY_VARIABLE}
                    (the file wins when both are given).
                    Make one with: ${MAKE_A_KEY}
                    Keep it secret and keep it: the same key gives the same pseudonyms next time.
  --category C      only ${EXPORT_CATEGORIES.join(', ')}; repeat for more
  --type T          only events of this type, e.g. ParticipantReferred; repeat for more
  --organisation U  only events that organisation recorded or that name it

A progress bar shows on a terminal; nothing when the output goes to a file or a pipe.

Examples:
  ${MAKE_A_KEY}
  npm run cli -- export --from 2025-01-01 --to 2026-01-01 --format ndjson --out events-2025.ndjson --key-file export.key
  ${EXPORT_KEY_VARIABLE}=$(cat export.key) npm run cli -- export --from 2025-01-01 --to 2025-07-01 --format csv --out referrals.csv --category participant --type ParticipantReferred --type ReferralAccepted
`;

export interface ExportRequest {
  readonly from: string;
  readonly to: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly key: Buffer;
  /** Where the key came from, for the result line; never the key itself. */
  readonly keySource: string;
  readonly categories: readonly ExportCategory[];
  readonly types: readonly string[];
  readonly organisationId?: string;
}

const EXAMPLE = 'samspar export --from 2025-01-01 --to 2026-01-01 --format ndjson --out events.ndjson --key-file export.key';
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the arguments and the key; every mistake is one line that says how to fix it. */
export function parseExportArguments(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ExportRequest {
  const { values } = parseCommandArguments(
    args,
    { command: 'export', takes: 'samspar export --help lists what it takes', example: EXAMPLE },
    {
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'key-file': { type: 'string' },
        category: { type: 'string', multiple: true },
        type: { type: 'string', multiple: true },
        organisation: { type: 'string' },
      },
    },
  );
  for (const option of ['from', 'to', 'format', 'out'] as const) {
    if (values[option] === undefined) throw new UsageError(`export: --${option} is missing; as in: ${EXAMPLE}`);
  }
  const from = day(values.from!, '--from');
  const to = day(values.to!, '--to');
  if (from >= to) throw new UsageError(`export: --from ${from} must be before --to ${to}; the period is [from, to).`);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`export: --format ${quote(values.format!)} is not ndjson or csv.`);
  }
  const categories = (values.category ?? []).map((category) => {
    if (!(EXPORT_CATEGORIES as readonly string[]).includes(category)) {
      throw new UsageError(`export: --category ${quote(category)} is not one of ${EXPORT_CATEGORIES.join(', ')}.`);
    }
    return category as ExportCategory;
  });
  const types = (values.type ?? []).map((type) => {
    if (!ALL_EXPORT_EVENT_TYPES.includes(type)) {
      throw new UsageError(
        `export: --type ${quote(type)} is not an event type an export holds; run samspar export --help, or use e.g. ParticipantReferred.`,
      );
    }
    return type;
  });
  if (values.organisation !== undefined && !UUID.test(values.organisation)) {
    throw new UsageError(`export: --organisation ${quote(values.organisation)} is not an organisation id (uuid).`);
  }
  const { key, keySource } = exportKey(values['key-file'], env);
  return {
    from,
    to,
    format,
    out: resolve(values.out!),
    key,
    keySource,
    categories,
    types,
    ...(values.organisation !== undefined ? { organisationId: values.organisation.toLowerCase() } : {}),
  };
}

/** The key is never made up or defaulted: an export under a forgotten key could never be linked again. */
function exportKey(keyFile: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  if (keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new UsageError(`export: cannot read --key-file ${quote(keyFile)} (${code}); make one with: ${MAKE_A_KEY}`);
    }
    if (!HEX_KEY.test(text.trim())) {
      throw new UsageError(
        `export: --key-file ${quote(keyFile)} must hold 64 hex digits (32 random bytes); make one with: ${MAKE_A_KEY}`,
      );
    }
    return { key: Buffer.from(text.trim(), 'hex'), keySource: `the key in ${keyFile}` };
  }
  const fromEnv = env[EXPORT_KEY_VARIABLE]?.trim();
  if (fromEnv) {
    // The message never repeats the value: it is a secret.
    if (!HEX_KEY.test(fromEnv)) {
      throw new UsageError(
        `export: ${EXPORT_KEY_VARIABLE} must be 64 hex digits (32 random bytes); make one with: ${MAKE_A_KEY}`,
      );
    }
    return { key: Buffer.from(fromEnv, 'hex'), keySource: `the key in ${EXPORT_KEY_VARIABLE}` };
  }
  throw new UsageError(
    `export: an export key is required: make one with \`${MAKE_A_KEY}\`, then pass --key-file export.key or set ${EXPORT_KEY_VARIABLE}.`,
  );
}

function day(text: string, option: string): string {
  if (isCalendarDay(text)) return text;
  throw new UsageError(`export: ${option} ${quote(text)} is not a date written YYYY-MM-DD.`);
}

const figures = new Intl.NumberFormat('en-GB');
const events = (count: number): string => `${figures.format(count)} event${count === 1 ? '' : 's'}`;

/** A bar on a terminal, with the total when the store can count; nothing otherwise. */
function progressBar(interactive: boolean, total: number | undefined) {
  if (!interactive) return { update: (_progress: ExportProgress) => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      total === undefined
        ? 'export {value} events read | {written} written'
        : 'export [{bar}] {percentage}% | {value}/{total} events read | {written} written | {eta_formatted} left',
    hideCursor: true,
    etaBuffer: 50,
  });
  bar.start(total ?? 0, 0, { written: 0 });
  return {
    update: (progress: ExportProgress) => {
      if (total !== undefined && progress.read > total) bar.setTotal(progress.read);
      bar.update(progress.read, { written: figures.format(progress.written) });
    },
    stop: () => bar.stop(),
  };
}

/** Opens the store as the api does, streams the export to the file, and returns the line to print. */
export async function runExport(
  args: readonly string[],
  config: AppConfig,
  options: { env?: Readonly<Record<string, string | undefined>>; interactive?: boolean } = {},
): Promise<string> {
  const request = parseExportArguments(args, options.env ?? process.env);
  return withEventStore('export', config, async ({ store, where }) => {
    const filter = {
      ...(request.categories.length > 0 ? { categories: request.categories } : {}),
      ...(request.types.length > 0 ? { types: request.types } : {}),
    };
    const interactive = options.interactive ?? Boolean(process.stderr.isTTY);
    const total = interactive ? await store.countEvents?.(filter) : undefined;
    const bar = progressBar(interactive, total);
    const pseudonymiser = new Pseudonymiser(request.key);
    let last: ExportProgress = { read: 0, written: 0 };
    const partial = `${request.out}.partial`;
    try {
      await pipeline(
        exportEvents(store, {
          from: request.from,
          to: request.to,
          categories: request.categories,
          types: request.types,
          ...(request.organisationId !== undefined ? { organisationId: request.organisationId } : {}),
          format: request.format,
          pseudonym: (id) => pseudonymiser.pseudonym(id),
          onProgress: (progress) => {
            last = progress;
            bar.update(progress);
          },
        }),
        // Pseudonymised data is still personal data: readable by its owner only.
        createWriteStream(partial, { mode: 0o600 }),
      );
      renameSync(partial, request.out);
    } catch (error) {
      rmSync(partial, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
        throw new UsageError(`export: cannot write ${quote(request.out)} (${code}); choose another --out.`);
      }
      throw error;
    } finally {
      bar.stop();
    }
    return `Wrote ${events(last.written)} (${request.format}, ${request.from} to ${request.to}) to ${request.out}, pseudonymised with ${request.keySource}; read ${events(last.read)} from ${where}.\n`;
  });
}

export const exportCommand: Command = {
  name: 'export',
  help: EXPORT_HELP,
  run: async (args, config) => ({ output: await runExport(args, config) }),
};
