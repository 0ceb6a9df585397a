import { PostgresAuditLog } from '@samspar/access';
import type { AuditLog } from '@samspar/access';
import type { SqlClient } from '@samspar/event-store';
import { ParticipantRegistry } from '@samspar/journeys';
import { isCalendarDay } from '@samspar/kernel';
import type { AppConfig } from '@samspar/platform';
import { ReadModelRegistry } from '@samspar/read-models';
import { GallringResult, runGallring, summaryOf } from '@samspar/retention';
import { Command, UsageError, openVault, parseCommandArguments, quote, keysForStoredData, withEventStore } from '../support';

const EXAMPLE = 'samspar gallring --dry-run';

export const GALLRING_HELP = `samspar gallring: clear participants' personal data by SoL 12:1 (crypto-shredding)

A participant is due five years after the last entry in their record (the last event recorded in their
stream), and must be cleared by 31 December of the year after that. Clearing destroys the participant's key:
every event stays and still reads, with the personal fields (personnummer, name, contact details) shown as
erased; every report keeps its figures; the person can no longer be found by personnummer. It cannot be undone.
People born on a research day (GALLRING_RESEARCH_DAYS, default 5,15,25; none for no exception) are kept.
Anonymous participants have no key and are left as they are.

Usage:
  samspar gallring --dry-run [--now YYYY-MM-DD]
  samspar gallring --apply

Options:
  --dry-run          list who is due (ids, last entry, deadline) and change nothing
  --apply            clear them: destroy each key, remove its lookup, and write the audit log
  --now YYYY-MM-DD   judge as of the start of that day (UTC) instead of now; with --apply only a past day,
                     since clearing before the five years are up is not allowed

Uses DATABASE_URL, DATABASE_SCHEMA, DATA_DIR and PRIVACY_MASTER_KEY as the api does. With PGlite, through
the running api's socket while it runs. The projector runs the same gallring every GALLRING_INTERVAL_HOURS.

Examples:
  npm run cli -- gallring --dry-run
  npm run cli -- gallring --dry-run --now 2031-01-01
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run cli -- gallring --apply
`;

export interface GallringRequest {
  readonly help: boolean;
  readonly apply: boolean;
  readonly now: Date;
}

export function parseGallringArguments(args: readonly string[], today: Date = new Date()): GallringRequest {
  const { values } = parseCommandArguments(
    args,
    { command: 'gallring', takes: 'it takes --dry-run or --apply, and --now', example: EXAMPLE },
    {
      options: {
        'dry-run': { type: 'boolean' },
        apply: { type: 'boolean' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  );
  if (values.help) return { help: true, apply: false, now: today };
  const dryRun = values['dry-run'] ?? false;
  const apply = values.apply ?? false;
  if (dryRun === apply) {
    throw new UsageError(
      `gallring: give exactly one of --dry-run and --apply; look first with: ${EXAMPLE}, then clear with: samspar gallring --apply`,
    );
  }
  let now = today;
  if (values.now !== undefined) {
    const text = values.now;
    if (!isCalendarDay(text)) {
      throw new UsageError(`gallring: --now ${quote(text)} is not a date YYYY-MM-DD; as in: ${EXAMPLE} --now 2031-01-01`);
    }
    const parsed = new Date(`${text}T00:00:00.000Z`);
    if (apply && parsed.getTime() > today.getTime()) {
      throw new UsageError(
        `gallring: --now ${text} is in the future, and --apply clears only what is due today; drop --now, or see what that day would clear with --dry-run --now ${text}`,
      );
    }
    now = parsed;
  }
  return { help: false, apply, now };
}

/** Opens the audit log on the database the command uses. */
export type AuditLogOpener = (sql: SqlClient, schema: string) => Promise<AuditLog>;

const figures = new Intl.NumberFormat('en-GB');

/** The due participants as a table (ids only, never personal data), the counts, and what happened. */
export function formatGallringReport(result: GallringResult, where: string): string {
  const day = result.now.slice(0, 10);
  const research = result.researchDays.length > 0 ? `research days ${result.researchDays.join(', ')}` : 'no research exception';
  const lines = [`Gallring ${result.mode === 'apply' ? 'applied' : '(dry run)'} on ${where}, as of ${day}; ${research}.`, ''];
  if (result.cleared.length > 0) {
    const rows = [
      ['participant', 'last entry', 'due', 'deadline'],
      ...result.cleared.map((each) => [each.participantId, each.lastEntryAt, each.dueAt.slice(0, 10), each.deadline]),
    ];
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows) lines.push(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
    lines.push('');
  }
  const counts = summaryOf(result.counts).replace(
    /^\d+ cleared/,
    `${figures.format(result.counts.cleared)} ${result.mode === 'apply' ? 'cleared' : 'to clear'}`,
  );
  lines.push(`${counts}.`);
  if (result.mode === 'dry-run') {
    lines.push(
      result.cleared.length > 0
        ? 'Nothing was changed; clear them with: samspar gallring --apply'
        : 'Nothing is due; nothing was changed.',
    );
  } else {
    lines.push(
      result.cleared.length > 0
        ? 'Their keys are destroyed and their lookups removed; the audit log has an entry for each and a summary.'
        : 'Nothing was due; the audit log has the summary.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Opens the store, key vault, lookup table and audit log as the api does, runs gallring, and returns what to print. */
export async function runGallringCommand(
  args: readonly string[],
  config: AppConfig,
  openAuditLog: AuditLogOpener = defaultAuditLog,
  today: Date = new Date(),
): Promise<string> {
  const request = parseGallringArguments(args, today);
  if (request.help) return GALLRING_HELP;
  // The research days need the personnummer, which only the stored keys open.
  const keys = keysForStoredData('gallring', config);
  return withEventStore('gallring', config, async (opened) => {
    const { sql, store, where } = opened;
    const vault = await openVault('gallring', opened, config, keys);
    const registry = await ParticipantRegistry.create(sql, config.databaseSchema);
    const audit = await openAuditLog(sql, config.databaseSchema);
    const result = await runGallring(
      { store, vault, registry, audit, readModels: new ReadModelRegistry(sql, config.databaseSchema), endpoint: 'cli gallring' },
      { now: request.now, apply: request.apply, researchDays: config.gallringResearchDays },
    );
    return formatGallringReport(result, `${where}, schema ${config.databaseSchema}`);
  });
}

const defaultAuditLog: AuditLogOpener = (sql, schema) => PostgresAuditLog.open(sql, schema);

export const gallringCommand: Command = {
  name: 'gallring',
  help: GALLRING_HELP,
  run: async (args, config) => ({ output: await runGallringCommand(args, config) }),
};
