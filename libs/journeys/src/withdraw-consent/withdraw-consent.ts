import { ForbiddenError, IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import {
  ParticipantEvent,
  ParticipantState,
  evolveParticipant,
  initialParticipantState,
  organisationsWithAccess,
} from '../participant';
import { registeredParticipant } from '../participant-steps';

/**
 * The participant takes back a consent. From then on it covers nothing, so the organisations that relied on it
 * lose access; statistics already recorded stay, since withdrawal stops the sharing, not the archive.
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
  const at = new Date(context.occurredAt).toISOString();
  if (context.actor.organisationId === undefined || !organisationsWithAccess(participant, at).has(context.actor.organisationId)) {
    throw new ForbiddenError('no-access', 'Only an organisation that works with the participant can record a withdrawal');
  }
  const consent = participant.consents[command.consentId];
  if (consent === undefined) {
    throw new NotFoundError('consent-not-found', 'The participant has no consent with this id');
  }
  if (consent.withdrawnAt !== undefined) {
    throw new IllegalStateError('consent-already-withdrawn', 'The consent was already withdrawn');
  }
  return [{ type: 'ConsentWithdrawn', data: { consentId: consent.consentId } }];
}

export const withdrawConsentDecider: StreamDecider<WithdrawConsent, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideWithdrawConsent,
};
