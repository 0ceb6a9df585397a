import { randomUUID } from 'node:crypto';
import { DomainError } from '@samspar/kernel';
import { CommandContext, StreamDecider, decide } from '../command-handling';

type Stamped<Event> = Event & { readonly id: string; readonly occurredAt: string; readonly organisationId?: string };

export const caseworkerOf = (organisationId: string, userId = 'caseworker-1'): CommandContext['actor'] => ({
  userId,
  role: 'caseworker',
  organisationId,
});

export function contextAt(occurredAt: string, actor: CommandContext['actor'], now = occurredAt): CommandContext {
  return { occurredAt, now, actor };
}

/** An event as the fold sees it; `at` is when it happened, `by` the organisation that recorded it. */
export function happened<Event>(event: Event, at: string, id: string = randomUUID(), by?: string): Stamped<Event> {
  return { ...event, id, occurredAt: at, ...(by ? { organisationId: by } : {}) } as Stamped<Event>;
}

/**
 * given(events).when(command, context).then(events) — or .thenThrows(ErrorType, rule).
 * Events in `given` are either stamped with `happened`, or plain and stamped at the context's time. Unless
 * `happened` names another, an event was recorded by the organisation that registered the participant (or,
 * in a stream without a registration, the one the command's actor acts for).
 */
export function deciderSpec<Command, Event extends { type: string; data: unknown }, State>(
  decider: StreamDecider<Command, Event, State>,
) {
  return {
    given(history: ReadonlyArray<Event | Stamped<Event>>) {
      return {
        when(command: Command, context: CommandContext) {
          const run = () => {
            let state = decider.initialState;
            const registration = history.find((event) => event.type === 'ParticipantRegistered') as
              { data: { organisationId?: string } } | undefined;
            const recorder = registration?.data.organisationId ?? context.actor.organisationId;
            for (const event of history) {
              const stamped = 'occurredAt' in event ? (event as Stamped<Event>) : happened(event, context.occurredAt);
              const by = stamped.organisationId ?? recorder;
              state = decider.evolve(state, by ? { ...stamped, organisationId: by } : stamped);
            }
            return decide(decider, command, state, context);
          };
          return {
            then(expected: readonly Event[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(errorType: abstract new (...args: never[]) => DomainError, rule?: string) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              if (rule !== undefined) expect((thrown as DomainError).rule).toBe(rule);
            },
            /** For outcomes with generated parts: inspect the events directly. */
            events: run,
          };
        },
      };
    },
  };
}
