import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, assertNotInFuture } from './command-handling';
import { ParticipantState, Referral, RegisteredParticipant } from './participant';

/** The checks every step on a participant's record shares, so that rule names never drift apart. */
export function registeredParticipant(state: ParticipantState, context: CommandContext): RegisteredParticipant {
  assertNotInFuture(context);
  if (state.status !== 'registered') {
    throw new NotFoundError('participant-not-found', 'No participant is registered under this id');
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
