import { randomUUID } from 'node:crypto';
import { DomainError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';

type Stamped<Event> = Event & { readonly id: string; readonly occurredAt: string };

export const caseworkerOf = (organisationId: string, userId = 'caseworker-1'): CommandContext['actor'] => ({
  userId,
  role: 'caseworker',
  organisationId,
});

export function contextAt(occurredAt: string, actor: CommandContext['actor'], now = occurredAt): CommandContext {
  return { occurredAt, now, actor };
}

/** An event as the fold sees it; `at` is when it happened. */
export function happened<Event>(event: Event, at: string, id: string = randomUUID()): Stamped<Event> {
  return { ...event, id, occurredAt: at } as Stamped<Event>;
}

/**
 * given(events).when(command, context).then(events) — or .thenThrows(ErrorType, rule).
 * Events in `given` are either stamped with `happened`, or plain and stamped at the context's time.
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
            for (const event of history) {
              const stamped = 'occurredAt' in event ? (event as Stamped<Event>) : happened(event, context.occurredAt);
              state = decider.evolve(state, stamped);
            }
            return decider.decide(command, state, context);
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
