import { ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { DECLINE_REASONS, DeclineReason } from '../vocabulary';
import { registeredParticipant, pendingReferralFor } from '../participant-steps';
import { referralParty } from '../sharing/record-access';

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

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const declineReferralDecider: StreamDecider<DeclineReferral, ParticipantEvent, ParticipantState> = referralParty(
  {
    ...participantFolding,
    decide: decideDeclineReferral,
  },
  'receiver',
);
