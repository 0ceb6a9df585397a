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
  readonly state: State;
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
  decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve'>,
  /** A fold already made up to some revision; only later events are read. */
  from: { readonly state: State; readonly revision: number } = { state: decider.initialState, revision: -1 },
): Promise<LoadedStream<State>> {
  let { state, revision } = from;
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId, { fromRevision: revision + 1 })) {
    state = decider.evolve(state, stamp<Event>(event));
    revision = event.revision;
    events.push(event);
  }
  return { state, revision, events };
}

const CACHED_STREAMS = 10_000;
// Folded state per store and per evolve function, so that a command reads only what is new in its stream.
const folded = new WeakMap<EventStore, WeakMap<object, Map<string, { state: unknown; revision: number }>>>();

function cacheFor(store: EventStore, evolve: object): Map<string, { state: unknown; revision: number }> {
  let byEvolve = folded.get(store);
  if (!byEvolve) folded.set(store, (byEvolve = new WeakMap()));
  let streams = byEvolve.get(evolve);
  if (!streams) byEvolve.set(evolve, (streams = new Map()));
  return streams;
}

function remember<State>(
  cache: Map<string, { state: unknown; revision: number }>,
  streamId: string,
  state: State,
  revision: number,
) {
  cache.delete(streamId);
  if (cache.size >= CACHED_STREAMS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(streamId, { state, revision });
}

function cachedState<State>(
  store: EventStore,
  streamId: string,
  decider: { evolve: object },
): { state: State; revision: number } | undefined {
  return cacheFor(store, decider.evolve).get(streamId) as { state: State; revision: number } | undefined;
}

/** The stream's current state: the cached fold, brought up to date with the events recorded since. */
async function currentState<Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve'>,
): Promise<{ state: State; revision: number }> {
  const cache = cacheFor(store, decider.evolve);
  const cached = cache.get(streamId) as { state: State; revision: number } | undefined;
  const { state, revision } = await loadStream(store, streamId, decider, cached);
  remember(cache, streamId, state, revision);
  return { state, revision };
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
  decider: Pick<StreamDecider<unknown, Event, State>, 'initialState' | 'evolve'>,
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
    state: loaded.state,
  };
}

/**
 * Read, decide, append. With `ifMatch` (the revision the client saw) a conflict is the client's
 * to resolve (412); without it, the command is decided again on the fresh state.
 */
export async function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: { ifMatch?: number } = {},
): Promise<CommandOutcome<State>> {
  if (context.attempt?.resumed) {
    // The attempt before this one may have appended before its process died: answer with that.
    const stored = await earlierAttempt(store, streamId, decider, context.attempt.seed);
    if (stored) return stored;
  }
  let verified = false;
  for (let attempt = 0; ; attempt++) {
    // The cached fold is tried first: the append's revision check proves it was current. Only when it
    // was not (a conflict, or a rule broken on what may be old state) is the stream read again.
    const cached: { state: State; revision: number } | undefined = verified
      ? undefined
      : cachedState<State>(store, streamId, decider);
    const useCache: boolean = cached !== undefined && (options.ifMatch === undefined || options.ifMatch === cached.revision);
    const loaded = useCache && cached ? cached : await currentState(store, streamId, decider);
    verified = !useCache;
    if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) {
      throw new ConcurrencyError(streamId, String(options.ifMatch), loaded.revision < 0 ? 'no_stream' : String(loaded.revision));
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
    const toAppend = events.map((event, i) => ({
      id: context.attempt ? attemptEventId(context.attempt.seed, i) : randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        occurredAt: new Date(context.occurredAt).toISOString(),
        actor: context.actor,
        schemaVersion: SCHEMA_VERSION,
        ...(context.correlationId ? { correlationId: context.correlationId } : {}),
        ...(context.causationId ? { causationId: context.causationId } : {}),
      },
    }));
    try {
      const result = await store.append(streamId, toAppend, {
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
      remember(cacheFor(store, decider.evolve), streamId, state, result.nextRevision);
      return {
        streamId,
        revision: result.nextRevision,
        position: result.positions[result.positions.length - 1],
        eventIds: toAppend.map((event) => event.id),
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
