import { LRUCache } from 'lru-cache';
import type { EventStore } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';

/** Events kept across replays, about 920 bytes each on the heap (46 MB in all, measured). */
export const DEFAULT_KEPT_EVENTS = 50_000;
/** Pseudonyms kept across replays: each is one HMAC, and a replay names hundreds of ids. */
const KEPT_PSEUDONYMS = 100_000;

export interface JourneyReadsOptions {
  /** How many events to keep in all; 0 reads every stream afresh (a one-off tool). */
  readonly keptEvents?: number;
}

/**
 * What evaluators replay, kept between requests: an evaluator who moves a journey through time asks for the same
 * stream and the same pseudonyms again and again. A stored event never changes (the log refuses updates and
 * deletes; gallring shreds keys, not events), so a kept stream needs only what was appended since. The kept last
 * event must come back as the first one read, or the stream is read afresh: a store restored from an older backup.
 */
export class JourneyReads {
  private readonly streams: LRUCache<string, readonly RecordedEvent[]> | undefined;
  private readonly pseudonyms: LRUCache<string, string> | undefined;
  private hitCount = 0;
  private missCount = 0;

  constructor(
    private readonly store: EventStore,
    private readonly pseudonymiser: { pseudonym(id: string): string },
    options: JourneyReadsOptions = {},
  ) {
    const kept = options.keptEvents ?? DEFAULT_KEPT_EVENTS;
    if (kept > 0) {
      this.streams = new LRUCache({ maxSize: kept, sizeCalculation: (events) => Math.max(1, events.length) });
      this.pseudonyms = new LRUCache({ max: KEPT_PSEUDONYMS });
    }
  }

  /** The stream's events in order; empty when it does not exist. Callers must not change them. */
  async stream(streamId: string): Promise<readonly RecordedEvent[]> {
    const kept = this.streams?.get(streamId);
    const last = kept?.[kept.length - 1];
    if (kept && last) {
      const since = await this.read(streamId, last.revision);
      if (since[0]?.id === last.id) {
        this.hitCount += 1;
        if (since.length === 1) return kept;
        const events = [...kept, ...since.slice(1)];
        this.streams!.set(streamId, events);
        return events;
      }
    }
    this.missCount += 1;
    const events = await this.read(streamId, 0);
    if (events.length > 0) this.streams?.set(streamId, events);
    else this.streams?.delete(streamId);
    return events;
  }

  /** Streams served from what was kept, streams read whole, and the events kept now: for /metrics. */
  stats(): { hits: number; misses: number; events: number } {
    return { hits: this.hitCount, misses: this.missCount, events: this.streams?.calculatedSize ?? 0 };
  }

  /** The evaluators' pseudonym of an id, as the export gives it. */
  pseudonym(id: string): string {
    let found = this.pseudonyms?.get(id);
    if (found === undefined) {
      found = this.pseudonymiser.pseudonym(id);
      this.pseudonyms?.set(id, found);
    }
    return found;
  }

  private async read(streamId: string, fromRevision: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId, { fromRevision })) events.push(event);
    return events;
  }
}
