import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { registeredParticipant } from '../participant-steps';
import { referralParty } from '../sharing/record-access';

/** The sending organisation takes back a referral that has not been answered. */
export interface WithdrawReferral {
  readonly kind: 'WithdrawReferral';
  /** Names the stream. */
  readonly participantId: string;
  readonly referralId: string;
}

export function decideWithdrawReferral(
  command: WithdrawReferral,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  const referral = participant.referrals[command.referralId];
  if (referral === undefined) {
    throw new NotFoundError('referral-not-found', 'The participant has no referral with this id');
  }
  if (context.actor.organisationId !== referral.fromOrganisationId) {
    throw new ForbiddenError('not-sender', 'Only the sending organisation withdraws a referral');
  }
  // Once answered, the receiver has acted on it; only a new step (a referral back, a closed journey) undoes that.
  if (referral.status !== 'sent') {
    throw new IllegalStateError('referral-not-pending', `The referral is already ${referral.status}`);
  }
  if (Date.parse(context.occurredAt) < Date.parse(referral.sentAt)) {
    throw new ValidationError('occurred-before-referral', 'A referral cannot be withdrawn before it was sent', 'occurredAt');
  }
  return [{ type: 'ReferralWithdrawn', data: { referralId: referral.referralId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const withdrawReferralDecider: StreamDecider<WithdrawReferral, ParticipantEvent, ParticipantState> = referralParty(
  {
    ...participantFolding,
    decide: decideWithdrawReferral,
  },
  'sender',
);
