import { CommandContext, StreamDecider, decide } from '@samspar/journeys';
import { EventToAppend } from '@samspar/kernel';

/** As handleCommand writes it; the journeys lib keeps its own constant private. */
export const DEMO_SCHEMA_VERSION = 1;

/** One stream's events, ready for a single append with expectedRevision 'no_stream'. */
export interface DemoStream {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
}

/**
 * Folds one stream in memory through the real deciders, and keeps the events as handleCommand would append
 * them. Only the event ids differ: they come from the seed, so that a second run appends nothing new.
 */
export class DecidedStream<State> {
  readonly events: EventToAppend[] = [];

  constructor(
    readonly streamId: string,
    public state: State,
  ) {}

  /** Appends what the decider decides, under the given ids; throws what the decider throws. */
  decide<Command, Event extends { type: string; data: unknown }>(
    decider: StreamDecider<Command, Event, State>,
    command: Command,
    context: CommandContext,
    eventIds: readonly string[],
  ): void {
    const decided = decide(decider, command, this.state, context);
    if (decided.length !== eventIds.length) {
      throw new Error(`${String((command as { kind?: string }).kind)} decided ${decided.length} events, not ${eventIds.length}`);
    }
    const occurredAt = new Date(context.occurredAt).toISOString();
    decided.forEach((event, i) => {
      const id = eventIds[i]!;
      this.events.push({
        id,
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt,
          actor: context.actor,
          schemaVersion: DEMO_SCHEMA_VERSION,
          ...(context.correlationId ? { correlationId: context.correlationId } : {}),
          ...(context.causationId ? { causationId: context.causationId } : {}),
        },
      });
      this.state = decider.evolve(this.state, {
        ...event,
        id,
        occurredAt,
        ...(context.actor.organisationId ? { organisationId: context.actor.organisationId } : {}),
      });
    });
  }

  toStream(): DemoStream {
    return { streamId: this.streamId, events: this.events };
  }
}
