import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import {
  DEFAULT_DEMO_CONCURRENCY,
  DEFAULT_DEMO_SEED,
  DemoDataConflictError,
  DemoDataSummary,
  MAX_DEMO_PARTICIPANTS,
  generateDemoData,
} from '@samspar/demo-data';
import { PgSqlClient, openEventStore, openSqlClient } from '@samspar/event-store';
import { ParticipantRegistry } from '@samspar/journeys';
import { AppConfig, describeDatabase, eventStoreConfigOf } from '@samspar/platform';
import { KeyVault, LookupHasher, developmentKeys } from '@samspar/privacy';

/** A mistake in the demo:generate arguments; main prints it as one line, exit code 2. */
export class DemoGenerateUsageError extends Error {}

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
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        participants: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        now: { type: 'string' },
      },
    }));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('. ')[0]!.replace(/\s+/g, ' ');
    throw new DemoGenerateUsageError(
      `demo:generate: ${reason}; it takes --participants, --seed, --concurrency and --now, as in: ${EXAMPLE}`,
    );
  }
  if (values.participants === undefined) {
    throw new DemoGenerateUsageError(`demo:generate: --participants is missing; say how many, as in: ${EXAMPLE}`);
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
  throw new DemoGenerateUsageError(
    `demo:generate: ${option} ${quote(text)} is not a whole number from ${min} to ${max.toLocaleString('en')}; as in: ${EXAMPLE}`,
  );
}

function day(text: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(NaN);
  if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text && date.getTime() <= Date.now()) return date;
  throw new DemoGenerateUsageError(
    `demo:generate: --now ${quote(text)} is not a past date written YYYY-MM-DD; leave it out for today, or repeat the first run's date.`,
  );
}

function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
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
  const where = describeDatabase(config);
  if (config.eventStore !== 'postgres') {
    throw new DemoGenerateUsageError(
      'demo:generate: the demo data goes to PostgreSQL or PGlite, beside the key vault; unset EVENT_STORE or set it to postgres.',
    );
  }
  const keys = config.privacyKeys ?? developmentKeys(config.dataDir);
  const storeConfig = eventStoreConfigOf(config);
  // A connection per participant in flight, and two spare; PGlite has one and interleaves them.
  const opened = config.databaseUrl
    ? Promise.resolve(PgSqlClient.connect(config.databaseUrl, { max: request.concurrency + 2, applicationName: 'samspar-demo' }))
    : openSqlClient(storeConfig);
  const sql = await opened.catch((error: unknown) => {
    throw new DemoGenerateUsageError(
      `demo:generate: could not open ${where}: ${oneLine(error)}; check DATABASE_URL or DATA_DIR.`,
    );
  });
  const progress = progressReporter();
  try {
    const connected = await Promise.all([
      openEventStore(storeConfig, sql),
      KeyVault.create({ sql, schema: config.databaseSchema, masterKey: keys.masterKey }),
      ParticipantRegistry.create(sql, config.databaseSchema),
    ]).catch((error: unknown) => {
      throw new DemoGenerateUsageError(
        `demo:generate: could not prepare the tables on ${where}: ${oneLine(error)}; check that the database runs and DATABASE_URL points at it.`,
      );
    });
    const [store, vault, registry] = connected;
    try {
      const summary = await generateDemoData(
        { store, vault, registry, hasher: new LookupHasher(keys.lookupKey) },
        { ...request, onProgress: progress.onProgress },
      ).catch((error: unknown) => {
        throw error instanceof DemoDataConflictError ? new DemoGenerateUsageError(`demo:generate: ${error.message}`) : error;
      });
      progress.stop();
      return describeSummary(summary, where);
    } finally {
      await store.close();
    }
  } finally {
    progress.stop();
    await sql.close();
  }
}

function oneLine(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const text = inner instanceof Error ? inner.message || (inner as { code?: string }).code || inner.name : String(inner);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
