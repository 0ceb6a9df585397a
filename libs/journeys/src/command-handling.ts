import { createHash, randomUUID } from 'node:crypto';
import {
  CommandContext,
  ConcurrencyError,
  Stamped,
  StreamDecider,
  decide,
  DomainError,
  GlobalPosition,
  IllegalStateError,
  RecordedEvent,
} from '@samspar/kernel';
import type { EventStore } from '@samspar/event-store';

export { assertNotInFuture, decide } from '@samspar/kernel';
export type { CommandContext, Stamped, StreamDecider } from '@samspar/kernel';

export interface CommandOutcome<State> {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition | undefined;
  readonly eventIds: readonly string[];
  /** The events the command recorded, with their ids, in order: what a command's answer names. */
  readonly recorded: readonly RecordedStep[];
  readonly state: State;
}

/** One recorded event as a command's answer needs it. */
export interface RecordedStep {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

export interface LoadedStream<State> {
  readonly state: State;
  /** -1 when the stream does not exist. */
  readonly revision: number;
  readonly events: readonly RecordedEvent[];
}

const SCHEMA_VERSION = 1;
const RETRIES_WITHOUT_IF_MATCH = 3;

export function stamp<Event>(event: RecordedEvent): Stamped<Event> {
  // The stream's own evolve decides what it knows; unknown types pass through and are ignored there.
  const organisationId = event.metadata.actor?.organisationId;
  const stamped: unknown = {
    type: event.type,
    data: event.data,
    id: event.id,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    ...(organisationId ? { organisationId } : {}),
  };
  return stamped as Stamped<Event>;
}

export async function loadStream<Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve' | 'replay'>,
  /** A fold already made up to some revision; only later events are read. */
  from: { readonly state: State; readonly revision: number } = { state: decider.initialState, revision: -1 },
): Promise<LoadedStream<State>> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId, { fromRevision: from.revision + 1 })) events.push(event);
  const stamped = (function* () {
    for (const event of events) yield stamp<Event>(event);
  })();
  return { state: replay(decider, from.state, stamped), revision: events.at(-1)?.revision ?? from.revision, events };
}

/**
 * The decider's own replay when it has one (the participant's folds in place, since its evolve copies the state at
 * every event and a whole stream would cost the stream's square); otherwise its evolve, event by event.
 */
function replay<Event extends { type: string; data: unknown }, State>(
  decider: Pick<StreamDecider<unknown, Event, State>, 'evolve' | 'replay'>,
  from: State,
  events: Iterable<Stamped<Event>>,
): State {
  if (decider.replay) return decider.replay(from, events);
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

type Folded = { readonly state: unknown; readonly revision: number };

/**
 * The folded state of recently commanded streams, so that a command reads only what is new in its stream. One
 * per command handler (one per process in the api), bounded, counted for /metrics, and cleared by tests.
 */
export class StreamStateCache {
  private readonly byEvolve = new WeakMap<object, Map<string, Folded>>();
  private readonly maps = new Set<Map<string, Folded>>();
  private hitCount = 0;
  private missCount = 0;

  /** At most `maxStreams` streams per decider; 0 keeps nothing. */
  constructor(readonly maxStreams = 10_000) {}

  get<State>(evolve: object, streamId: string): { state: State; revision: number } | undefined {
    const found = this.byEvolve.get(evolve)?.get(streamId) as { state: State; revision: number } | undefined;
    if (found) this.hitCount += 1;
    else this.missCount += 1;
    return found;
  }

  /** The same, without counting: for bringing a fold up to date after `get` has counted the lookup. */
  peek<State>(evolve: object, streamId: string): { state: State; revision: number } | undefined {
    return this.byEvolve.get(evolve)?.get(streamId) as { state: State; revision: number } | undefined;
  }

  remember(evolve: object, streamId: string, state: unknown, revision: number): void {
    if (this.maxStreams <= 0) return;
    let streams = this.byEvolve.get(evolve);
    if (!streams) {
      this.byEvolve.set(evolve, (streams = new Map()));
      this.maps.add(streams);
    }
    streams.delete(streamId);
    if (streams.size >= this.maxStreams) {
      const oldest = streams.keys().next().value;
      if (oldest !== undefined) streams.delete(oldest);
    }
    streams.set(streamId, { state, revision });
  }

  stats(): { hits: number; misses: number; size: number } {
    let size = 0;
    for (const streams of this.maps) size += streams.size;
    return { hits: this.hitCount, misses: this.missCount, size };
  }

  clear(): void {
    for (const streams of this.maps) streams.clear();
    this.hitCount = 0;
    this.missCount = 0;
  }
}

/** A uuid (v4 layout) derived from an Idempotency-Key's seed: the same for every retry of one request. */
export function attemptEventId(seed: string, index: number): string {
  const hex = createHash('sha256').update(`${seed}:${index}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What an earlier attempt of the same request appended to the stream, as its outcome; undefined if nothing. */
async function earlierAttempt<Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve' | 'replay'>,
  seed: string,
): Promise<CommandOutcome<State> | undefined> {
  const loaded = await loadStream(store, streamId, decider);
  const first = attemptEventId(seed, 0);
  const start = loaded.events.findIndex((event) => event.id === first);
  if (start < 0) return undefined;
  const appended: RecordedEvent[] = [];
  for (let i = start; i < loaded.events.length && loaded.events[i]!.id === attemptEventId(seed, i - start); i++) {
    appended.push(loaded.events[i]!);
  }
  const last = appended[appended.length - 1]!;
  return {
    streamId,
    revision: last.revision,
    position: last.globalPosition,
    eventIds: appended.map((event) => event.id),
    recorded: appended.map(({ id, type, data }) => ({ id, type, data })),
    state: loaded.state,
  };
}

/** An event as it is stored: the decider's type and data, with the metadata every stored event carries. */
export function eventEnvelope(event: { type: string; data: unknown }, id: string, context: CommandContext) {
  return {
    id,
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: new Date(context.occurredAt).toISOString(),
      actor: context.actor,
      schemaVersion: SCHEMA_VERSION,
      ...(context.correlationId ? { correlationId: context.correlationId } : {}),
      ...(context.causationId ? { causationId: context.causationId } : {}),
    },
  };
}

/**
 * Read, decide, append. With `ifMatch` (the revision the client saw) a conflict is the client's
 * to resolve (412); without it, the command is decided again on the fresh state. The cache is tried first:
 * the append's revision check proves it was current.
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly cache: StreamStateCache = new StreamStateCache(0),
  ) {}

  async handle<Command, Event extends { type: string; data: unknown }, State>(
    streamId: string,
    decider: StreamDecider<Command, Event, State>,
    command: Command,
    context: CommandContext,
    options: {
      ifMatch?: number;
      /** Runs on the decided events before they are appended; throwing refuses the command, and nothing is appended. */
      beforeAppend?: (events: readonly Event[]) => Promise<void>;
    } = {},
  ): Promise<CommandOutcome<State>> {
    if (context.attempt?.resumed) {
      // The attempt before this one may have appended before its process died: answer with that.
      const stored = await earlierAttempt(this.store, streamId, decider, context.attempt.seed);
      if (stored) return stored;
    }
    let verified = false;
    for (let attempt = 0; ; attempt++) {
      // The cached fold is tried first: the append's revision check proves it was current. Only when it
      // was not (a conflict, or a rule broken on what may be old state) is the stream read again.
      const cached: { state: State; revision: number } | undefined = verified
        ? undefined
        : this.cache.get<State>(decider.evolve, streamId);
      const useCache: boolean = cached !== undefined && (options.ifMatch === undefined || options.ifMatch === cached.revision);
      const loaded = useCache && cached ? cached : await this.currentState(streamId, decider);
      verified = !useCache;
      if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) {
        throw new ConcurrencyError(
          streamId,
          String(options.ifMatch),
          loaded.revision < 0 ? 'no_stream' : String(loaded.revision),
        );
      }
      let events: readonly Event[];
      try {
        events = decide(decider, command, loaded.state, context);
      } catch (error) {
        if (useCache && error instanceof DomainError) {
          verified = true;
          continue;
        }
        throw error;
      }
      if (events.length === 0) {
        throw new IllegalStateError('nothing-to-record', 'The command changes nothing');
      }
      await options.beforeAppend?.(events);
      const toAppend = events.map((event, i) =>
        eventEnvelope(event, context.attempt ? attemptEventId(context.attempt.seed, i) : randomUUID(), context),
      );
      try {
        const result = await this.store.append(streamId, toAppend, {
          expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision,
        });
        let state = loaded.state;
        toAppend.forEach((event, i) => {
          state = decider.evolve(state, {
            ...events[i]!,
            id: event.id,
            occurredAt: event.metadata.occurredAt,
            recordedAt: context.now,
            ...(context.actor.organisationId ? { organisationId: context.actor.organisationId } : {}),
          });
        });
        this.cache.remember(decider.evolve, streamId, state, result.nextRevision);
        return {
          streamId,
          revision: result.nextRevision,
          position: result.positions[result.positions.length - 1],
          eventIds: toAppend.map((event) => event.id),
          recorded: toAppend.map(({ id, type, data }) => ({ id, type, data })),
          state,
        };
      } catch (error) {
        if (error instanceof ConcurrencyError && useCache) {
          // The cache was behind another writer: read the stream and decide again.
          verified = true;
          continue;
        }
        if (error instanceof ConcurrencyError && options.ifMatch === undefined && attempt < RETRIES_WITHOUT_IF_MATCH) continue;
        throw error;
      }
    }
  }

  /** The stream's current state: the cached fold, brought up to date with the events recorded since. */
  private async currentState<Event extends { type: string; data: unknown }, State>(
    streamId: string,
    decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve' | 'replay'>,
  ): Promise<{ state: State; revision: number }> {
    const cached = this.cache.peek<State>(decider.evolve, streamId);
    const { state, revision } = await loadStream(this.store, streamId, decider, cached);
    this.cache.remember(decider.evolve, streamId, state, revision);
    return { state, revision };
  }
}

/** One command on a store, without a cache: for jobs and tools that do not keep a handler. */
export function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: { ifMatch?: number } = {},
): Promise<CommandOutcome<State>> {
  return new CommandHandler(store).handle(streamId, decider, command, context, options);
}
