import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext } from './command-handling';
import { Intervention, InterventionStatus, Journey, ParticipantState, Referral, RegisteredParticipant } from './participant';
import { participantNotFound } from './participant-access';

/** The checks every step on a participant's record shares, so that rule names never drift apart. */
export function registeredParticipant(state: ParticipantState, context: CommandContext): RegisteredParticipant {
  if (state.status !== 'registered') {
    // The same answer as for a participant the caller may not see, so that ids cannot be probed.
    throw participantNotFound();
  }
  if (Date.parse(context.occurredAt) < Date.parse(state.registeredAt)) {
    throw new ValidationError(
      'occurred-before-registration',
      'A step cannot be dated before the participant was registered',
      'occurredAt',
    );
  }
  return state;
}

/** A referral the receiving organisation may still answer. */
export function pendingReferralFor(participant: RegisteredParticipant, referralId: string, context: CommandContext): Referral {
  const referral = participant.referrals[referralId];
  if (referral === undefined) {
    throw new NotFoundError('referral-not-found', 'The participant has no referral with this id');
  }
  if (context.actor.organisationId !== referral.toOrganisationId) {
    throw new ForbiddenError('not-receiver', 'Only the receiving organisation answers a referral');
  }
  if (referral.status !== 'sent') {
    throw new IllegalStateError('referral-not-pending', `The referral is already ${referral.status}`);
  }
  if (Date.parse(context.occurredAt) < Date.parse(referral.sentAt)) {
    throw new ValidationError('occurred-before-referral', 'A referral cannot be answered before it was sent', 'occurredAt');
  }
  return referral;
}

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
    throw participantNotFound();
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
