import type { EventStore } from '@samspar/event-store';
import { PARTICIPANT_CATEGORY } from '@samspar/journeys';
import type { Identity, ParticipantEvent } from '@samspar/journeys';
import { comparePositions } from '@samspar/kernel';
import type { GlobalPosition, RecordedEvent } from '@samspar/kernel';
import { participantLastEntries, servingJourneys } from '@samspar/read-models';
import type { LastEntries, ParticipantLastEntry, ReadModelRegistry, ServingJourneys } from '@samspar/read-models';

/** Where gallring read the last entries: the journeys read model, or every participant stream of the log. */
export type LastEntrySource = 'read-model' | 'log-scan';

export interface SourcedLastEntries extends LastEntries {
  readonly source: LastEntrySource;
}

export interface LastEntryOptions {
  /** Events read per batch by a log scan; default 1000. */
  readonly batchSize?: number;
  /** How long to wait for the journeys read model to reach the head of the log before scanning it (ms); default 2000. */
  readonly readModelWaitMs?: number;
}

const DEFAULT_BATCH = 1_000;
const DEFAULT_WAIT_MS = 2_000;
const POLL_MS = 25;
const STREAM_PREFIX = `${PARTICIPANT_CATEGORY}-`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The participants, and the last entries made up to `enteredBy`. From the journeys read model, which keeps
 * them for this, once it has read the log up to its head; a scan of the log where it is not built or stays
 * behind, since a read model that missed an entry would clear a record too early.
 */
export async function readLastEntries(
  store: EventStore,
  readModels: ReadModelRegistry,
  enteredBy: Date,
  options: LastEntryOptions,
): Promise<SourcedLastEntries> {
  const head = await store.headPosition();
  const journeys = await caughtUpJourneys(readModels, head, options.readModelWaitMs ?? DEFAULT_WAIT_MS);
  if (journeys) {
    return { source: 'read-model', ...(await participantLastEntries(readModels.sql, journeys.schema, enteredBy)) };
  }
  return { source: 'log-scan', ...(await scanParticipantLog(store, enteredBy, options.batchSize ?? DEFAULT_BATCH)) };
}

/** The serving journeys read model once it has read up to `head`: at once when built and current, never when not built. */
async function caughtUpJourneys(
  readModels: ReadModelRegistry,
  head: GlobalPosition,
  waitMs: number,
): Promise<ServingJourneys | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const journeys = await servingJourneys(readModels);
    if (!journeys || comparePositions(journeys.position, head) >= 0) return journeys;
    if (Date.now() >= deadline) return undefined;
    await sleep(POLL_MS);
  }
}

/** One small record per participant while the log is read: the scan's only memory that grows. */
interface Seen {
  lastRecordedAt: number;
  identified: boolean;
}

/**
 * Reads every participant stream once for its last entry: the latest recordedAt, since an entry is made when it
 * is recorded.
 */
async function scanParticipantLog(store: EventStore, enteredBy: Date, batchSize: number): Promise<LastEntries> {
  const seen = new Map<string, Seen>();
  for await (const event of store.readAll({ filter: { categories: [PARTICIPANT_CATEGORY] }, batchSize })) {
    if (!event.streamId.startsWith(STREAM_PREFIX)) continue;
    const participantId = event.streamId.slice(STREAM_PREFIX.length);
    const recordedAt = Date.parse(event.recordedAt);
    const record = seen.get(participantId);
    const identified = event.type === 'ParticipantRegistered' ? identityOf(event)?.kind === 'identified' : undefined;
    if (!record) {
      seen.set(participantId, { lastRecordedAt: recordedAt, identified: identified ?? false });
    } else {
      if (recordedAt > record.lastRecordedAt) record.lastRecordedAt = recordedAt;
      if (identified !== undefined) record.identified = identified;
    }
  }
  const bound = enteredBy.getTime();
  const entries: ParticipantLastEntry[] = [];
  for (const [participantId, record] of seen) {
    if (record.lastRecordedAt > bound) continue;
    entries.push({ participantId, lastEntryAt: new Date(record.lastRecordedAt).toISOString(), anonymous: !record.identified });
  }
  return { participants: seen.size, entries };
}

export function identityOf(event: RecordedEvent): Identity | undefined {
  return (event.data as Partial<Extract<ParticipantEvent, { type: 'ParticipantRegistered' }>['data']>).identity;
}
