import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider, assertNotInFuture } from '../command-handling';
import {
  ParticipantEvent,
  ParticipantState,
  Referral,
  RegisteredParticipant,
  consentCovers,
  evolveParticipant,
  initialParticipantState,
} from '../participant';

/** The receiving organisation takes the participant on; from then on it has access while the consent holds. */
export interface AcceptReferral {
  readonly kind: 'AcceptReferral';
  /** Names the stream. */
  readonly participantId: string;
  readonly referralId: string;
}

export function decideAcceptReferral(
  command: AcceptReferral,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  const referral = pendingReferralFor(participant, command.referralId, context);
  const at = new Date(context.occurredAt).toISOString();
  // Accepting is what gives the receiver access, so the consent must still hold when it happens.
  if (!consentCovers(participant, referral.toOrganisationId, at)) {
    throw new IllegalStateError(
      'consent-required',
      `No valid consent covers your organisation on ${at.slice(0, 10)}, so the referral cannot be accepted; it can still be declined.`,
    );
  }
  return [{ type: 'ReferralAccepted', data: { referralId: referral.referralId } }];
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

export const acceptReferralDecider: StreamDecider<AcceptReferral, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideAcceptReferral,
};
