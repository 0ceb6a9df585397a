import type { Actor } from './envelope';
import { ValidationError } from './errors';

/** What every command carries besides its own fields. The clock enters here, never in a decider. */
export interface CommandContext {
  /** When it happened, as the caseworker states it (ISO 8601); defaults to `now`. */
  readonly occurredAt: string;
  /** When the command is handled (ISO 8601). */
  readonly now: string;
  readonly actor: Actor;
  /** Extra rights of the signed-in user, e.g. `protected_identity`; never stored in events. */
  readonly permissions?: readonly string[];
  readonly correlationId?: string;
  readonly causationId?: string;
  /** From the Idempotency-Key: event ids derive from `seed`; `resumed` when an earlier attempt died. */
  readonly attempt?: { readonly seed: string; readonly resumed: boolean };
}

/** An event as a stream's evolve sees it: with its id, when it happened and, once stored, who recorded it. */
export type Stamped<Event> = Event & {
  readonly id: string;
  readonly occurredAt: string;
  readonly recordedAt?: string;
  readonly organisationId?: string;
};

/**
 * A decider: pure functions from command and state to new events. `evolve` must ignore event types it does
 * not know, so that old code folds newer streams.
 */
export interface StreamDecider<Command, Event extends { type: string; data: unknown }, State> {
  readonly initialState: State;
  evolve(state: State, event: Stamped<Event>): State;
  /**
   * Optional, for a stream too costly to fold event by event with `evolve`: the state reducing `events` onto `state`
   * with `evolve` gives, leaving `state` as it was. Loading a stream uses it when it is there.
   */
  replay?(state: State, events: Iterable<Stamped<Event>>): State;
  decide(command: Command, state: State, context: CommandContext): readonly Event[];
}

/** A step may be dated in the past, never in the future. */
export function assertNotInFuture(context: CommandContext): void {
  if (Number.isNaN(Date.parse(context.occurredAt))) {
    throw new ValidationError('occurred-at-invalid', 'occurredAt must be an ISO 8601 date-time', 'occurredAt');
  }
  if (Date.parse(context.occurredAt) > Date.parse(context.now)) {
    throw new ValidationError('occurred-in-future', 'occurredAt may be in the past but never in the future', 'occurredAt');
  }
}

/**
 * Decides a command as every caller does (the command handler, the demo data, the decider specs): the date is
 * checked here, once, before the decider's own rules.
 */
export function decide<Command, Event extends { type: string; data: unknown }, State>(
  decider: StreamDecider<Command, Event, State>,
  command: Command,
  state: State,
  context: CommandContext,
): readonly Event[] {
  assertNotInFuture(context);
  return decider.decide(command, state, context);
}
