import { SingleBar } from 'cli-progress';
import {
  DEFAULT_DEMO_CONCURRENCY,
  DEFAULT_DEMO_SEED,
  DemoDataConflictError,
  DemoDataSummary,
  MAX_DEMO_PARTICIPANTS,
  generateDemoData,
} from '@samspar/demo-data';
import { PgSqlClient, openSqlClient } from '@samspar/event-store';
import { ParticipantRegistry } from '@samspar/journeys';
import { isCalendarDay } from '@samspar/kernel';
import { AppConfig, eventStoreConfigOf } from '@samspar/platform';
import { KeyVault, LookupHasher, developmentKeys } from '@samspar/privacy';
import { Command, UsageError, oneLine, parseCommandArguments, quote, withEventStore } from '../support';

export const DEMO_GENERATE_HELP = `samspar demo:generate: a synthetic Göteborgsregionen, written through the real deciders

Writes 13 municipalities, about 60 organisations, 20 tracks, and participants with referrals, journeys,
interventions, statuses and follow-ups over the last 3 years. The same seed and date give the same events,
so a second run appends nothing. Shows a progress bar on a terminal. Uses DATABASE_URL, DATABASE_SCHEMA,
DATA_DIR and PRIVACY_MASTER_KEY as the api does (development keys in DATA_DIR when unset); with PGlite,
through the running api's socket while it runs.

Usage:
  samspar demo:generate --participants N [--seed S] [--concurrency C] [--now YYYY-MM-DD]

Options:
  --participants N   how many participants, 1 to 1,000,000 (required)
  --seed S           default 1
  --concurrency C    participants written at once, 1 to 64; default 8
  --now YYYY-MM-DD   the end of the history, a past day; default today (UTC)

Examples:
  npm run demo:generate -- --participants 10000
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run demo:generate -- --participants 100000 --concurrency 16
`;

export interface DemoGenerateRequest {
  readonly participants: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly now: Date;
}

const MAX_CONCURRENCY = 64;
const EXAMPLE = 'demo:generate --participants 10000 --seed 1';

/**
 * `--participants N [--seed S] [--concurrency C] [--now YYYY-MM-DD]`. `now` defaults to the start of today (UTC),
 * so that a second run on the same day, with the same seed, appends nothing.
 */
export function parseDemoGenerateArguments(args: readonly string[], today: Date = new Date()): DemoGenerateRequest {
  const { values } = parseCommandArguments(
    args,
    { command: 'demo:generate', takes: 'it takes --participants, --seed, --concurrency and --now', example: EXAMPLE },
    {
      options: {
        participants: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        now: { type: 'string' },
      },
    },
  );
  if (values.participants === undefined) {
    throw new UsageError(`demo:generate: --participants is missing; say how many, as in: ${EXAMPLE}`);
  }
  const participants = wholeNumber(values.participants, 1, MAX_DEMO_PARTICIPANTS, '--participants');
  const seed = values.seed === undefined ? DEFAULT_DEMO_SEED : wholeNumber(values.seed, 0, 2 ** 31 - 1, '--seed');
  const concurrency =
    values.concurrency === undefined
      ? DEFAULT_DEMO_CONCURRENCY
      : wholeNumber(values.concurrency, 1, MAX_CONCURRENCY, '--concurrency');
  return { participants, seed, concurrency, now: values.now === undefined ? startOfDay(today) : day(values.now) };
}

function wholeNumber(text: string, min: number, max: number, option: string): number {
  const value = /^\d{1,9}$/.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : NaN;
  if (value >= min && value <= max) return value;
  throw new UsageError(
    `demo:generate: ${option} ${quote(text)} is not a whole number from ${min} to ${max.toLocaleString('en')}; as in: ${EXAMPLE}`,
  );
}

function day(text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (isCalendarDay(text) && date.getTime() <= Date.now()) return date;
  throw new UsageError(
    `demo:generate: --now ${quote(text)} is not a past date written YYYY-MM-DD; leave it out for today, or repeat the first run's date.`,
  );
}

function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** A bar on a terminal; nothing at all when the output goes to a file or a pipe. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!stream.isTTY || !process.stdout.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: 'participants {bar} {percentage}% | {value}/{total} | {eta_formatted} left',
    hideCursor: true,
    etaBuffer: 200,
  });
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** The lines printed when the region is written. */
export function describeSummary(summary: DemoDataSummary, where: string): string {
  const { outcomes } = summary;
  const seconds = summary.durationMs / 1000;
  return [
    `Wrote a demo region with seed ${summary.seed} to ${where}: ${summary.organisations} organisations, ${summary.tracks} tracks, ${summary.participants.toLocaleString('en')} participants, ${summary.events.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(summary.events / Math.max(seconds, 0.001)).toLocaleString('en')} events/s).`,
    `Work or studies at exit: ${percent(outcomes.workOrStudiesAtExit)} of ${outcomes.endedEnrolments.toLocaleString('en')} ended enrolments; after a jobbspår ${percent(outcomes.jobTrack.employed)} in work and ${percent(outcomes.jobTrack.studies)} in studies.`,
    '',
  ].join('\n');
}

/** Opens the store, vault and registry as the api does, writes the region, and returns what to print. */
export async function runDemoGenerate(args: readonly string[], config: AppConfig): Promise<string> {
  const request = parseDemoGenerateArguments(args);
  if (config.eventStore !== 'postgres') {
    throw new UsageError(
      'demo:generate: the demo data goes to PostgreSQL or PGlite, beside the key vault; unset EVENT_STORE or set it to postgres.',
    );
  }
  const keys = config.privacyKeys ?? developmentKeys(config.dataDir);
  // A connection per participant in flight, and two spare; PGlite has one and interleaves them.
  const open = async () =>
    config.databaseUrl
      ? PgSqlClient.connect(config.databaseUrl, { max: request.concurrency + 2, applicationName: 'samspar-demo' })
      : openSqlClient(eventStoreConfigOf(config));
  return withEventStore(
    'demo:generate',
    config,
    async ({ sql, store, where }) => {
      const [vault, registry] = await Promise.all([
        KeyVault.create({ sql, schema: config.databaseSchema, masterKey: keys.masterKey }),
        ParticipantRegistry.create(sql, config.databaseSchema),
      ]).catch((error: unknown) => {
        throw new UsageError(
          `demo:generate: could not prepare the tables on ${where}: ${oneLine(error)}; check that the database runs and DATABASE_URL points at it.`,
        );
      });
      const progress = progressReporter();
      try {
        const summary = await generateDemoData(
          { store, vault, registry, hasher: new LookupHasher(keys.lookupKey) },
          { ...request, onProgress: progress.onProgress },
        ).catch((error: unknown) => {
          throw error instanceof DemoDataConflictError ? new UsageError(`demo:generate: ${error.message}`) : error;
        });
        return describeSummary(summary, where);
      } finally {
        progress.stop();
      }
    },
    open,
  );
}

export const demoGenerateCommand: Command = {
  name: 'demo:generate',
  help: DEMO_GENERATE_HELP,
  run: async (args, config) => ({ output: await runDemoGenerate(args, config) }),
};
