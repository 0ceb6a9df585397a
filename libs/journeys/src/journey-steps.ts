import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext } from './command-handling';
import { Intervention, InterventionStatus, Journey, ParticipantState, RegisteredParticipant } from './participant';

/** What every journey step names: the participant's stream and the journey within it. */
export interface JourneyStep {
  readonly participantId: string;
  readonly journeyId: string;
}

/** Instants are compared as numbers: a caseworker may write an offset (+01:00) where the store writes Z. */
export const isBefore = (at: string, than: string): boolean => Date.parse(at) < Date.parse(than);

/** The latest of some instants, or undefined when there is none. */
export const latest = (instants: readonly (string | undefined)[]): string | undefined =>
  instants.reduce<string | undefined>(
    (max, at) => (at === undefined || (max !== undefined && !isBefore(max, at)) ? max : at),
    undefined,
  );

export function requireParticipant(state: ParticipantState, participantId: string): RegisteredParticipant {
  if (state.status !== 'registered' || state.participantId !== participantId) {
    throw new NotFoundError('participant-not-found', `No participant ${participantId} is registered`, 'participantId');
  }
  return state;
}

/** A journey that exists, with the step dated no earlier than its opening. Closed journeys pass. */
export function requireJourney(state: ParticipantState, step: JourneyStep, context: CommandContext): Journey {
  const participant = requireParticipant(state, step.participantId);
  const journey = participant.journeys[step.journeyId];
  if (!journey) {
    throw new NotFoundError('journey-not-found', `The participant has no journey ${step.journeyId}`, 'journeyId');
  }
  assertNotBefore(context, journey.openedAt, 'occurred-before-journey-opened', 'A step cannot happen before its journey opened');
  return journey;
}

/** As requireJourney, and open: a closed journey takes no new steps until it is re-opened. */
export function requireOpenJourney(state: ParticipantState, step: JourneyStep, context: CommandContext): Journey {
  const journey = requireJourney(state, step, context);
  if (journey.status === 'closed') {
    throw new IllegalStateError('journey-closed', `Journey ${journey.journeyId} is closed; re-open it first`);
  }
  return journey;
}

export function requireIntervention(journey: Journey, interventionId: string): Intervention {
  const intervention = journey.interventions[interventionId];
  if (!intervention) {
    throw new NotFoundError('intervention-not-found', `The journey has no intervention ${interventionId}`, 'interventionId');
  }
  return intervention;
}

/** planned → started → completed | interrupted; anything else is refused as `intervention-<status>-cannot-<verb>`. */
export function assertInterventionIs(
  intervention: Intervention,
  expected: InterventionStatus,
  verb: 'start' | 'complete' | 'interrupt',
): void {
  if (intervention.status !== expected) {
    throw new IllegalStateError(
      `intervention-${intervention.status}-cannot-${verb}`,
      `Intervention ${intervention.interventionId} is ${intervention.status}; only a ${expected} intervention can ${verb}`,
    );
  }
}

/** Reports as of a date rely on occurredAt, so a step must not be dated before the fact it follows. */
export function assertNotBefore(context: CommandContext, earliest: string, rule: string, message: string): void {
  if (isBefore(context.occurredAt, earliest)) throw new ValidationError(rule, message, 'occurredAt');
}
