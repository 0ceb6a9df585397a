import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider, assertNotInFuture } from '../command-handling';
import {
  ParticipantEvent,
  ParticipantState,
  Referral,
  RegisteredParticipant,
  evolveParticipant,
  initialParticipantState,
} from '../participant';
import { DECLINE_REASONS, DeclineReason } from '../vocabulary';

/**
 * The receiving organisation says no. A decline is a fact managers follow up (capacity, eligibility),
 * so it is recorded as an event with its reason, never raised as an error.
 */
export interface DeclineReferral {
  readonly kind: 'DeclineReferral';
  /** Names the stream. */
  readonly participantId: string;
  readonly referralId: string;
  readonly reason: DeclineReason;
}

export function decideDeclineReferral(
  command: DeclineReferral,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  const referral = pendingReferralFor(participant, command.referralId, context);
  if (!DECLINE_REASONS.includes(command.reason)) {
    throw new ValidationError('decline-reason-invalid', `The reason is one of ${DECLINE_REASONS.join(', ')}`, 'reason');
  }
  // No consent check: declining shares nothing, and the sender must learn the outcome even after a withdrawal.
  return [{ type: 'ReferralDeclined', data: { referralId: referral.referralId, reason: command.reason } }];
}

function pendingReferralFor(participant: RegisteredParticipant, referralId: string, context: CommandContext): Referral {
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

function registeredParticipant(state: ParticipantState, context: CommandContext): RegisteredParticipant {
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

export const declineReferralDecider: StreamDecider<DeclineReferral, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideDeclineReferral,
};
