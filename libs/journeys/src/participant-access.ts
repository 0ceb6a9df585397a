import { NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from './command-handling';
import { ParticipantEvent, ParticipantState, organisationsWithAccess } from './participant';

export const PROTECTED_IDENTITY_PERMISSION = 'protected_identity';

/** The same answer for a participant that does not exist and one the caller may not see (no enumeration). */
export const participantNotFound = () =>
  new NotFoundError('participant-not-found', 'No participant with this id is visible to your organisation');

export const PURPOSE_HEADER = 'X-Purpose';

/**
 * Skyddade personuppgifter: even a caller with the permission says why they read the record. The
 * purpose goes to the audit log; this refuses (400) a read of a protected participant without one.
 */
export function requirePurposeForProtected(state: ParticipantState, purpose: string | undefined): void {
  if (state.status === 'registered' && state.protectedIdentity && !purpose?.trim()) {
    throw new ValidationError(
      'purpose-required',
      `This participant has skyddade personuppgifter: say why you read the record in the ${PURPOSE_HEADER} header.`,
      PURPOSE_HEADER,
    );
  }
}

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
      // Before the decider's own checks: a participant that does not exist must answer exactly as a hidden one,
      // not with a 400 about the body that a hidden one would never reach.
      if (!mayAccess(state, context)) throw participantNotFound();
      return decider.decide(command, state, context);
    },
  };
}
