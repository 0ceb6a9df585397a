import { CommandContext, StreamDecider, decide, eventEnvelope } from '@samspar/journeys';
import { EventToAppend } from '@samspar/kernel';

/** One stream's events, ready for a single append with expectedRevision 'no_stream'. */
export interface DemoStream {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
}

/**
 * Folds one stream in memory through the real deciders, and keeps the events in the envelope the command
 * handler writes (eventEnvelope). Only the event ids differ: they come from the seed, so that a second run appends nothing new.
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
    decided.forEach((event, i) => {
      const stored = eventEnvelope(event, eventIds[i]!, context);
      this.events.push(stored);
      this.state = decider.evolve(this.state, {
        ...event,
        id: stored.id,
        occurredAt: stored.metadata.occurredAt,
        ...(context.actor.organisationId ? { organisationId: context.actor.organisationId } : {}),
      });
    });
  }

  toStream(): DemoStream {
    return { streamId: this.streamId, events: this.events };
  }
}
