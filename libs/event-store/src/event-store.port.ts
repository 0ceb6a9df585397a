import type { Observable } from 'rxjs';
import type { EventToAppend, GlobalPosition, RecordedEvent } from '@samspar/kernel';

/**
 * What the writer believes about the stream before appending:
 * `no_stream` (it must not exist), `exists`, `any`, or the revision of its last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number;

export interface AppendResult {
  /** Revision of the stream's last event after the append: pass it as the next expectedRevision. */
  readonly nextRevision: number;
  /** Global position of each appended event, in order. */
  readonly positions: readonly GlobalPosition[];
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Defaults to the start, or the end when reading backwards. */
  readonly fromRevision?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface EventFilter {
  /** Stream categories: the part of the stream id before the first `-`. */
  readonly categories?: readonly string[];
  readonly types?: readonly string[];
}

export interface ReadAllOptions {
  /** A checkpoint: only events after this position are read. Defaults to the start of the log. */
  readonly from?: GlobalPosition;
  readonly filter?: EventFilter;
  readonly batchSize?: number;
}

export interface SubscribeOptions extends ReadAllOptions {
  /**
   * When true, the next batch is read only after `batch.ack()`; an async consumer uses this
   * so that a slow projection never makes the store buffer without bound.
   * When false, the next batch is read as soon as `next()` returns.
   */
  readonly manualAck?: boolean;
  /** Fallback polling interval when no wake-up arrives (ms). */
  readonly pollIntervalMs?: number;
}

export interface SubscriptionBatch {
  readonly events: readonly RecordedEvent[];
  /** Checkpoint to store after handling these events. */
  readonly position: GlobalPosition;
  /** True when this batch reached the head of the log as it stood when read. */
  readonly caughtUp: boolean;
  /** With `manualAck`, lets the subscription read on. Harmless otherwise. */
  ack(): void;
}

/** A backend whose open append keeps newer events from readers. */
export interface HorizonHolder {
  readonly pid: number;
  readonly application: string;
  /** How long its transaction has been open. */
  readonly seconds: number;
  /** pg_stat_activity's state: `idle in transaction` is a client that stopped half-way. */
  readonly state: string;
}

export interface EventStore {
  readonly name: string;
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from `from`, then stays live. Completes only when unsubscribed or the store closes. */
  subscribe(options?: SubscribeOptions): Observable<SubscriptionBatch>;
  /** How many events match, for progress bars; absent where the store cannot count cheaply. */
  countEvents?(filter?: EventFilter): Promise<number>;
  /** Position of the newest event a reader can see now. */
  headPosition(): Promise<GlobalPosition>;
  /**
   * The oldest transaction of this store's writers that holds readers back, if any: PostgreSQL stores only,
   * where readers see no event of a transaction newer than the oldest append still running.
   */
  horizonHolder?(): Promise<HorizonHolder | undefined>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
