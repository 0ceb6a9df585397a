import { Observable, ReplaySubject, Subject, merge, retry, share, takeUntil, throwError, timer } from 'rxjs';
import {
  AppendExpectedRevision,
  BACKWARDS,
  Direction,
  END,
  EventStoreDBClient,
  FORWARDS,
  JSONType,
  MaxAppendSizeExceededError,
  NO_STREAM,
  RecordedEvent as LogEvent,
  ReadPosition,
  ReadRevision,
  START as LOG_START,
  StreamNotFoundError,
  StreamingRead,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventMetadata,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  START,
  comparePositions,
  newId,
  parsePosition,
  positionOf,
} from '@samspar/kernel';
import { PreparedEvent, assertStreamId, prepareAppend } from '../append-validation';
import { BatchTooLargeError, EventIdReusedError } from '../event-store.errors';
import {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  SubscriptionBatch,
} from '../event-store.port';
import { BatchRead, catchUpSubscription } from '../subscription';
import { Upcasters } from '../upcasting';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`; `kurrentdb://` is accepted as a synonym. */
  readonly connectionString: string;
  readonly upcasters?: Upcasters;
  readonly pollIntervalMs?: number;
}

/** A stream's last revision, or that it has none. */
type Revision = bigint | 'no_stream';

interface Stored {
  readonly revision: bigint;
  readonly position: GlobalPosition;
}

const PAGE = 1000;
const MAX_RACE_RETRIES = 20;
const PING_DEADLINE_MS = 5_000;

/**
 * EventStoreDB lets one event id recur in other streams, so each id is claimed in a stream of its
 * own. No Samspår stream can have this name (categories are [a-z0-9_]), and the `$` type keeps the
 * claims out of every read and of the live feed.
 */
const CLAIM_STREAM_PREFIX = 'samspar.event_id-';
const CLAIM_TYPE = '$samspar.EventIdClaimed';

/** Iterates a read, cancelling the call on the server when the reader stops early. */
async function* drain<T>(read: StreamingRead<T>): AsyncGenerator<T> {
  let finished = false;
  try {
    for await (const item of read) yield item;
    finished = true;
  } finally {
    if (!finished) await read.cancel().catch(() => undefined);
  }
}

function toLogPosition(position: GlobalPosition): ReadPosition {
  const [commit, prepare] = parsePosition(position);
  return { commit, prepare };
}

function positionOfEvent(event: LogEvent): GlobalPosition {
  // Stream reads carry the log position only from EventStoreDB 22.6 on.
  if (!event.position) {
    throw new Error(
      `EventStoreDB sent ${event.streamId}@${event.revision} without its log position; Samspår needs 22.6 or later`,
    );
  }
  return positionOf(event.position.commit, event.position.prepare);
}

/** Samspår's own events: not the server's, not its links, not the id claims. */
function isVisible(event: LogEvent): boolean {
  return !event.type.startsWith('$') && !event.streamId.startsWith('$') && !event.streamId.startsWith(CLAIM_STREAM_PREFIX);
}

function matches(event: LogEvent, filter: EventFilter | undefined): boolean {
  if (filter?.types?.length && !filter.types.includes(event.type)) return false;
  if (filter?.categories?.length) {
    const dash = event.streamId.indexOf('-');
    if (dash <= 0 || !filter.categories.includes(event.streamId.slice(0, dash))) return false;
  }
  return true;
}

function describeRevision(revision: Revision): string {
  return revision === 'no_stream' ? 'no_stream' : revision.toString();
}

export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly local = new Subject<void>();
  private readonly closing = new ReplaySubject<void>(1);
  private readonly wakeups: Observable<unknown>;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly upcasters: Upcasters,
    private readonly pollIntervalMs: number,
  ) {
    // One live feed of $all for all subscribers, opened for the first and closed after the last.
    const live = new Observable<void>((subscriber) => {
      const feed = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
      feed.on('data', () => subscriber.next());
      feed.on('error', (error) => subscriber.error(error));
      feed.on('end', () => subscriber.error(new Error('The live feed of $all ended')));
      return () => {
        feed.unsubscribe().catch(() => undefined);
      };
    }).pipe(
      // The feed only makes subscribers quicker; while it is down they poll.
      retry({ delay: () => timer(this.pollIntervalMs) }),
      share(),
    );
    this.wakeups = merge(this.local, live).pipe(takeUntil(this.closing));
  }

  static async connect(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    // Client 6 predates the KurrentDB scheme names; the rest of the string is the same.
    const connectionString = options.connectionString.replace(/^kurrentdb(\+discover)?:\/\//i, 'esdb$1://');
    const client = EventStoreDBClient.connectionString(connectionString);
    const store = new EventStoreDbEventStore(client, options.upcasters ?? new Upcasters(), options.pollIntervalMs ?? 1_000);
    try {
      await store.ping();
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const prepared = prepareAppend(streamId, events, expected);
    const ids = prepared.map((event) => event.id);
    const exact = expected === 'no_stream' || typeof expected === 'number';

    // EventStoreDB's idempotency is reliable only for an exact expected revision, so for 'any' and
    // 'exists' we send the revision we saw. It is read before the ids are claimed, so no resend of
    // these events can have landed at or below it.
    let seen: Revision | undefined = exact ? undefined : await this.lastRevision(streamId);
    if (expected === 'exists' && seen === 'no_stream') throw new ConcurrencyError(streamId, 'exists', 'no_stream');

    let mayBeStored = await this.claim(streamId, ids);
    // The ids are known to be absent up to this revision; undefined: nothing is known.
    let absentUpTo: bigint | undefined;
    for (let attempt = 0; ; attempt++) {
      if (mayBeStored) {
        const look = await this.locate(streamId, ids, { above: absentUpTo });
        const earlier = this.resultOf(streamId, ids, look.found);
        if (earlier) return earlier;
        seen = look.current;
        if (expected === 'exists' && seen === 'no_stream') throw new ConcurrencyError(streamId, 'exists', 'no_stream');
      }
      const sent: bigint | typeof NO_STREAM =
        typeof expected === 'number' ? BigInt(expected) : expected === 'no_stream' || seen === 'no_stream' ? NO_STREAM : seen!;
      const sentRevision = sent === NO_STREAM ? undefined : sent;

      const lastRevision = await this.write(streamId, prepared, sent);
      if (lastRevision !== undefined) {
        this.local.next();
        return this.readBack(streamId, ids, lastRevision);
      }

      if (exact || attempt >= MAX_RACE_RETRIES) {
        // The stream moved on, perhaps only because a concurrent resend stored these very events.
        const look = await this.locate(streamId, ids, exact ? {} : { above: sentRevision });
        const earlier = this.resultOf(streamId, ids, look.found);
        if (earlier) return earlier;
        throw new ConcurrencyError(streamId, String(expected), exact ? describeRevision(look.current) : 'changed concurrently');
      }
      // Another writer got in first; the caller did not ask for a revision, so try again on top of it.
      mayBeStored = true;
      absentUpTo = sentRevision;
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    assertStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0) return;
    let fromRevision: ReadRevision = backwards ? END : LOG_START;
    if (options.fromRevision !== undefined) {
      if (options.fromRevision < 0 && backwards) return;
      if (options.fromRevision >= 0) fromRevision = BigInt(options.fromRevision);
    }
    for await (const event of this.rawStream(streamId, { fromRevision, direction: backwards ? BACKWARDS : FORWARDS, maxCount })) {
      yield this.toRecorded(event);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.from ?? START;
    const batchSize = options.batchSize ?? PAGE;
    for (;;) {
      const read = await this.readBatch(position, batchSize, options.filter);
      yield* read.events;
      if (read.end) return;
      position = read.position;
    }
  }

  subscribe(options: SubscribeOptions = {}): Observable<SubscriptionBatch> {
    if (this.closed) return throwError(() => new Error('The EventStoreDB event store is closed'));
    return catchUpSubscription({
      from: options.from ?? START,
      batchSize: options.batchSize ?? PAGE,
      manualAck: options.manualAck ?? false,
      pollIntervalMs: options.pollIntervalMs ?? this.pollIntervalMs,
      readBatch: (after, limit) => this.readBatch(after, limit, options.filter),
      wakeups: this.wakeups,
    }).pipe(takeUntil(this.closing));
  }

  async headPosition(): Promise<GlobalPosition> {
    for await (const event of this.scanAll(BACKWARDS, undefined)) {
      if (isVisible(event)) return positionOfEvent(event);
    }
    return START;
  }

  async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: PING_DEADLINE_MS });
    for await (const _event of drain(read)) break;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    this.local.complete();
    await this.client.dispose();
  }

  /** Appends with the given expected revision; the stream's new last revision, or undefined on a conflict. */
  private async write(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: AppendExpectedRevision,
  ): Promise<bigint | undefined> {
    const events = prepared.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata }),
    );
    try {
      const result = await this.client.appendToStream(streamId, events, { expectedRevision: expected });
      // With throwOnAppendFailure=false in the connection string, a conflict comes back as a result.
      return result.success ? result.nextExpectedRevision : undefined;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return undefined;
      if (error instanceof MaxAppendSizeExceededError) {
        const bytes = prepared.reduce((sum, event) => sum + Buffer.byteLength(event.json), 0);
        throw new BatchTooLargeError(bytes, error.maxAppendSize);
      }
      throw error;
    }
  }

  /**
   * Claims each id for this stream. Throws when one belongs to another stream; true when one was
   * claimed for this stream before, so the events may already be stored.
   */
  private async claim(streamId: string, ids: readonly string[]): Promise<boolean> {
    const owners = await Promise.all(
      ids.map(async (id) => {
        const claimStream = `${CLAIM_STREAM_PREFIX}${id}`;
        const claimEvent = jsonEvent({ id: newId(), type: CLAIM_TYPE, data: { streamId } });
        try {
          await this.client.appendToStream(claimStream, claimEvent, { expectedRevision: NO_STREAM });
          return undefined;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
        }
        for await (const claimed of this.rawStream(claimStream, { fromRevision: LOG_START, direction: FORWARDS, maxCount: 1 })) {
          return (claimed.data as { streamId?: unknown } | undefined)?.streamId;
        }
        return null;
      }),
    );
    if (owners.some((owner) => owner !== undefined && owner !== streamId)) throw new EventIdReusedError(streamId);
    return owners.some((owner) => owner === streamId);
  }

  /** Finds where an append just stored its events; a resend that EventStoreDB recognised points at the first copy. */
  private async readBack(streamId: string, ids: readonly string[], lastRevision: bigint): Promise<AppendResult> {
    const near = await this.locate(streamId, ids, { from: lastRevision, maxCount: ids.length });
    const result = this.resultOf(streamId, ids, near.found.size === ids.length ? near.found : new Map());
    if (result) return result;
    const anywhere = await this.locate(streamId, ids, {});
    const found = this.resultOf(streamId, ids, anywhere.found);
    if (found) return found;
    throw new Error(`The events just appended to ${streamId} could not be read back`);
  }

  /**
   * Looks for the ids in the stream, newest first, down to `above` (exclusive).
   * `current` is the stream's last revision when the search starts at the end.
   */
  private async locate(
    streamId: string,
    ids: readonly string[],
    range: { from?: bigint; maxCount?: number; above?: bigint | undefined },
  ): Promise<{ found: Map<string, Stored>; current: Revision }> {
    const wanted = new Set(ids);
    const found = new Map<string, Stored>();
    let current: Revision = 'no_stream';
    const read = this.rawStream(streamId, {
      fromRevision: range.from ?? END,
      direction: BACKWARDS,
      maxCount: range.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    for await (const event of read) {
      if (current === 'no_stream') current = event.revision;
      if (range.above !== undefined && event.revision <= range.above) break;
      const id = event.id.toLowerCase();
      if (wanted.has(id)) found.set(id, { revision: event.revision, position: positionOfEvent(event) });
      if (found.size === wanted.size) break;
    }
    return { found, current };
  }

  /** The first append's result when all ids are stored; throws when only some are. */
  private resultOf(streamId: string, ids: readonly string[], found: ReadonlyMap<string, Stored>): AppendResult | undefined {
    if (found.size === 0) return undefined;
    if (found.size < ids.length) throw new EventIdReusedError(streamId);
    const stored = [...found.values()].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
    return {
      nextRevision: Number(stored[stored.length - 1]!.revision),
      positions: stored.map((event) => event.position),
    };
  }

  private async lastRevision(streamId: string): Promise<Revision> {
    for await (const event of this.rawStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
      return event.revision;
    }
    return 'no_stream';
  }

  /** A stream's events; none when the stream does not exist. */
  private async *rawStream(
    streamId: string,
    options: { fromRevision: ReadRevision; direction: Direction; maxCount: number },
  ): AsyncGenerator<LogEvent> {
    try {
      for await (const resolved of drain(this.client.readStream(streamId, options))) {
        if (resolved.event) yield resolved.event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  /** Every record of $all after `after` (forwards) or before it (backwards), one page at a time. */
  private async *scanAll(direction: Direction, after: GlobalPosition | undefined): AsyncGenerator<LogEvent> {
    let from: ReadPosition =
      after === undefined || (after === START && direction === FORWARDS)
        ? direction === FORWARDS
          ? LOG_START
          : END
        : toLogPosition(after);
    let bound = after;
    for (;;) {
      let count = 0;
      let last: GlobalPosition | undefined;
      for await (const resolved of drain(this.client.readAll({ fromPosition: from, direction, maxCount: PAGE }))) {
        count += 1;
        if (!resolved.event) continue;
        last = positionOfEvent(resolved.event);
        // Reads start at the bound itself: a checkpoint, or the last record of the previous page.
        if (bound !== undefined && comparePositions(last, bound) * (direction === FORWARDS ? 1 : -1) <= 0) continue;
        yield resolved.event;
      }
      if (count < PAGE || last === undefined) return;
      from = toLogPosition(last);
      bound = last;
    }
  }

  /**
   * Up to `limit` matching events after a checkpoint. Filters apply here, as client 6 cannot filter
   * a read of $all on the server; the checkpoint moves past what was filtered out, so a narrow
   * subscription does not scan the same records again.
   */
  private async readBatch(
    after: GlobalPosition,
    limit: number,
    filter: EventFilter | undefined,
  ): Promise<BatchRead & { end: boolean }> {
    const events: RecordedEvent[] = [];
    let position = after;
    for await (const event of this.scanAll(FORWARDS, after)) {
      position = positionOfEvent(event);
      if (!isVisible(event) || !matches(event, filter)) continue;
      events.push(this.toRecorded(event));
      if (events.length >= limit) return { events, position, pending: false, end: false };
    }
    return { events, position, pending: false, end: true };
  }

  private toRecorded(event: LogEvent): RecordedEvent {
    return this.upcasters.apply({
      id: event.id.toLowerCase(),
      type: event.type,
      data: event.data,
      metadata: event.metadata as EventMetadata,
      streamId: event.streamId,
      revision: Number(event.revision),
      globalPosition: positionOfEvent(event),
      recordedAt: event.created.toISOString(),
    });
  }
}
