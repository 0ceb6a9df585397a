import { Readable } from 'node:stream';
import type { EventFilter, EventStore } from '@samspar/event-store';
import { comparePositions } from '@samspar/kernel';
import type { GlobalPosition, RecordedEvent } from '@samspar/kernel';
import { OwnedRecords } from '../owned-records';
import {
  CSV_HEADER,
  ExportCategory,
  ExportRecord,
  Pseudonym,
  cachedPseudonyms,
  csvRow,
  ndjsonLine,
  pseudonymisedEvent,
  streamParts,
} from './pseudonymised-event';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** First day of the period, inclusive (YYYY-MM-DD, UTC midnight as in the reports), by occurredAt. */
  readonly from?: string;
  /** Day after the period, exclusive (YYYY-MM-DD). */
  readonly to?: string;
  readonly categories?: readonly ExportCategory[];
  readonly types?: readonly string[];
  /** Only events that involve this organisation: see `involvesOrganisation`. */
  readonly organisationId?: string;
  /**
   * Only records these organisations own (an evaluator's sign-in); every record when absent (a system
   * administrator, or the CLI with the database's own access).
   */
  readonly owners?: readonly string[];
  readonly format: ExportFormat;
  readonly pseudonym: Pseudonym;
  /** Events read from the store per query (default 1000). */
  readonly batchSize?: number;
  /** Called now and then with the events read so far (before filtering) and written so far. */
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  readonly read: number;
  readonly written: number;
}

const DEFAULT_BATCH_SIZE = 1_000;
// Lines are handed on in chunks of about this size: one write per line would cost more than the mapping.
const CHUNK_CHARACTERS = 64 * 1024;
const PROGRESS_EVERY = 1_000;
const FLUSH_EVERY_MS = 1_000;

const ORGANISATION_FIELDS = [
  'organisationId',
  'fromOrganisationId',
  'toOrganisationId',
  'providerOrganisationId',
  'ownerOrganisationId',
];
const ORGANISATION_LIST_FIELDS = ['organisationIds', 'employerOrganisationIds'];

/**
 * An event involves an organisation when that organisation recorded it (the actor acted for it), when the event
 * names it (sender, receiver, provider, owner, employer, a consent's organisations), or when it is in the
 * organisation's own stream. Decided per event, without state, so that the export needs no memory of the log;
 * a step recorded by another organisation in a journey the organisation runs is therefore not included.
 */
export function involvesOrganisation(event: RecordedEvent, organisationId: string): boolean {
  const wanted = organisationId.toLowerCase();
  if (event.metadata.actor?.organisationId?.toLowerCase() === wanted) return true;
  const { category, id } = streamParts(event.streamId);
  if (category === 'organisation' && id.toLowerCase() === wanted) return true;
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (ORGANISATION_FIELDS.some((field) => typeof data[field] === 'string' && data[field].toLowerCase() === wanted)) {
    return true;
  }
  return ORGANISATION_LIST_FIELDS.some(
    (field) =>
      Array.isArray(data[field]) && data[field].some((item) => typeof item === 'string' && item.toLowerCase() === wanted),
  );
}

const midnight = (day: string | undefined): number | undefined =>
  day === undefined ? undefined : Date.parse(`${day}T00:00:00.000Z`);

/**
 * The log in arrays of up to `size` events, one array ahead: the store reads the next batch while the caller
 * maps this one, so the database's time and the mapping's overlap. Holds at most two batches.
 */
export async function* readAhead<T>(events: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  const iterator = events[Symbol.asyncIterator]();
  let done = false;
  const fill = async (): Promise<T[]> => {
    const batch: T[] = [];
    while (batch.length < size) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    return batch;
  };
  let pending: Promise<T[]> | undefined = fill();
  // A failed read ahead is thrown where the batch is awaited, not as an unhandled rejection in between.
  pending.catch(() => undefined);
  try {
    while (pending) {
      const batch: T[] = await pending;
      pending = done ? undefined : fill();
      pending?.catch(() => undefined);
      if (batch.length > 0) yield batch;
    }
  } finally {
    // Stopped early: let the read in flight end before the store's reader is closed.
    if (pending) await pending.catch(() => undefined);
    if (!done) await iterator.return?.();
  }
}

/** How many of the batch's events, in the log's order, are at or before `head`: compares two positions a batch. */
function withinHead(batch: readonly RecordedEvent[], head: GlobalPosition): number {
  if (batch.length === 0 || comparePositions(batch[batch.length - 1]!.globalPosition, head) <= 0) return batch.length;
  let within = 0;
  while (within < batch.length && comparePositions(batch[within]!.globalPosition, head) <= 0) within += 1;
  return within;
}

/**
 * The export's lines, in the order of the global log: a header first for CSV. Reads the log in batches and holds
 * two batches and one chunk at a time, however long the log; the consumer's pace sets the reading pace.
 * Events appended after the export began are left out, so that it ends on a busy system too.
 */
export async function* exportLines(store: EventStore, options: ExportOptions): AsyncGenerator<string> {
  const from = midnight(options.from);
  const to = midnight(options.to);
  const period = from !== undefined || to !== undefined;
  const owned = options.owners ? new OwnedRecords(store, options.owners) : undefined;
  // Who owns a step is known only from the events before it, so with owners the type filter is applied here.
  const types = options.types?.length ? new Set(options.types) : undefined;
  const filter: EventFilter = {
    ...(options.categories?.length ? { categories: options.categories } : {}),
    ...(types && !owned ? { types: [...types] } : {}),
  };
  const line = options.format === 'csv' ? csvRow : ndjsonLine;
  const pseudonyms = cachedPseudonyms(options.pseudonym);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const head = await store.headPosition();
  let chunk = options.format === 'csv' ? CSV_HEADER : '';
  let read = 0;
  let written = 0;
  let flushedAt = Date.now();
  for await (const batch of readAhead(store.readAll({ filter, batchSize }), batchSize)) {
    const within = withinHead(batch, head);
    for (let i = 0; i < within; i += 1) {
      const event = batch[i]!;
      read += 1;
      if (read % PROGRESS_EVERY === 0) options.onProgress?.({ read, written });
      if (owned && !(await owned.owned(event))) continue;
      if (types && !types.has(event.type)) continue;
      if (period) {
        const occurred = Date.parse(event.metadata.occurredAt);
        if (from !== undefined && !(occurred >= from)) continue;
        if (to !== undefined && !(occurred < to)) continue;
      }
      if (options.organisationId !== undefined && !involvesOrganisation(event, options.organisationId)) continue;
      const record: ExportRecord | undefined = pseudonymisedEvent(event, pseudonyms);
      if (!record) continue;
      written += 1;
      chunk += line(record);
      // A narrow filter may find little in a long log: what was found still goes out every second or so.
      if (chunk.length >= CHUNK_CHARACTERS || Date.now() - flushedAt >= FLUSH_EVERY_MS) {
        yield chunk;
        chunk = '';
        flushedAt = Date.now();
      }
    }
    if (within < batch.length) break;
  }
  if (chunk.length > 0) yield chunk;
  options.onProgress?.({ read, written });
}

/**
 * The export as a Node stream of UTF-8 text. It pulls from the log only as fast as it is read, so piping it to a
 * file or an HTTP response keeps memory constant; destroying it stops the reading.
 */
export function exportEvents(store: EventStore, options: ExportOptions): Readable {
  return Readable.from(exportLines(store, options), { objectMode: false });
}
