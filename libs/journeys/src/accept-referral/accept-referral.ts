import { IllegalStateError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { registeredParticipant, pendingReferralFor } from '../participant-steps';
import { referralParty } from '../sharing/record-access';
import { consentInForce } from '../sharing/sharing';

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
  if (!consentInForce(participant.sharing, referral.fromOrganisationId, referral.toOrganisationId, at)) {
    throw new IllegalStateError(
      'consent-required',
      `No valid consent covers your organisation on ${at.slice(0, 10)}, so the referral cannot be accepted; it can still be declined.`,
    );
  }
  return [{ type: 'ReferralAccepted', data: { referralId: referral.referralId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const acceptReferralDecider: StreamDecider<AcceptReferral, ParticipantEvent, ParticipantState> = referralParty(
  {
    ...participantFolding,
    decide: decideAcceptReferral,
  },
  'receiver',
);
