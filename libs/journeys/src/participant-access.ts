import { NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from './command-handling';
import { ParticipantEvent, ParticipantState, organisationsWithAccess } from './participant';

export const PROTECTED_IDENTITY_PERMISSION = 'protected_identity';

/** The same answer for a participant that does not exist and one the caller may not see (no enumeration). */
export const participantNotFound = () =>
  new NotFoundError('participant-not-found', 'No participant with this id is visible to your organisation');

/**
 * OSL: an organisation sees a participant it registered, one it runs a journey for, or one it accepted
 * a referral for while a consent covers it. Skyddade personuppgifter also need an explicit permission.
 */
export function mayAccess(state: ParticipantState, context: Pick<CommandContext, 'actor' | 'permissions' | 'now'>): boolean {
  if (state.status !== 'registered') return false;
  if (context.actor.role === 'system') return true;
  const organisationId = context.actor.organisationId;
  if (!organisationId || !organisationsWithAccess(state, context.now).has(organisationId)) return false;
  return !state.protectedIdentity || (context.permissions ?? []).includes(PROTECTED_IDENTITY_PERMISSION);
}

/** Wraps a participant decider so that a caller without access learns nothing, not even that the participant exists. */
export function scopedToActor<Command>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return {
    ...decider,
    decide(command, state, context) {
      if (state.status === 'registered' && !mayAccess(state, context)) throw participantNotFound();
      return decider.decide(command, state, context);
    },
  };
}
