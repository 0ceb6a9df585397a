import { IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { registeredParticipant } from '../participant-steps';
import { ownConsent } from '../sharing/record-access';

/**
 * The participant takes back a consent. From then on it shares nothing, in either direction; each organisation
 * keeps its own records and what was shared with it before. Statistics stay: withdrawal stops the sharing, not
 * the archive. Recorded by the organisation that recorded the consent.
 */
export interface WithdrawConsent {
  readonly kind: 'WithdrawConsent';
  /** Names the stream. */
  readonly participantId: string;
  readonly consentId: string;
}

export function decideWithdrawConsent(
  command: WithdrawConsent,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  const consent = participant.consents[command.consentId];
  if (consent === undefined) {
    throw new NotFoundError('consent-not-found', 'The participant has no consent with this id');
  }
  if (consent.withdrawnAt !== undefined) {
    throw new IllegalStateError('consent-already-withdrawn', 'The consent was already withdrawn');
  }
  return [{ type: 'ConsentWithdrawn', data: { consentId: consent.consentId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const withdrawConsentDecider: StreamDecider<WithdrawConsent, ParticipantEvent, ParticipantState> = ownConsent({
  ...participantFolding,
  decide: decideWithdrawConsent,
});
