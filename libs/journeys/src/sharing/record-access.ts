import { ForbiddenError, NotFoundError } from '@samspar/kernel';
import type { CommandContext, StreamDecider } from '../command-handling';
import type { ParticipantEvent, ParticipantState, RegisteredParticipant } from '../participant';
import { consentInForce, normaliseOrganisationId, readAccess, seesParticipant } from './sharing';

export const PROTECTED_IDENTITY_PERMISSION = 'protected_identity';

/** The same answer for a participant that does not exist and one the caller may not see (no enumeration). */
export const participantNotFound = () =>
  new NotFoundError('participant-not-found', 'No participant with this id is visible to your organisation');

/** The same answer for a referral that does not exist and one the caller may not learn about. */
export const referralNotFound = () =>
  new NotFoundError('referral-not-found', 'No referral with this id is visible to your organisation', 'referralId');

export const journeyNotFound = (journeyId: string) =>
  new NotFoundError('journey-not-found', `The participant has no journey ${journeyId}`, 'journeyId');

const notRecordOwner = (what: string) =>
  new ForbiddenError('not-record-owner', `Only the organisation that owns ${what} records in it`);

type Context = Pick<CommandContext, 'actor' | 'permissions' | 'now'>;

/**
 * The participant as the caller may see it, or 404 as for one that does not exist: the caller's organisation
 * owns a record about the person or has one shared with it by consent. Skyddade personuppgifter also need an
 * explicit permission. The system (referral expiry, gallring) sees every participant.
 */
export function visibleParticipant(state: ParticipantState, context: Context): RegisteredParticipant {
  if (state.status !== 'registered') throw participantNotFound();
  if (context.actor.role === 'system') return state;
  const organisationId = context.actor.organisationId;
  if (organisationId === undefined || !seesParticipant(state.sharing, organisationId, context.now)) throw participantNotFound();
  if (state.protectedIdentity && !(context.permissions ?? []).includes(PROTECTED_IDENTITY_PERMISSION)) {
    throw participantNotFound();
  }
  return state;
}

export const mayAccess = (state: ParticipantState, context: Context): boolean => {
  try {
    visibleParticipant(state, context);
    return true;
  } catch {
    return false;
  }
};

const actorOrganisation = (context: Context): string => normaliseOrganisationId(context.actor.organisationId ?? '');

/** A participant decider wrapped in a rule about who may write; the rule runs before any of the decider's own. */
function guarded<Command>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
  rule: (command: Command, participant: RegisteredParticipant, context: CommandContext) => void,
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return {
    ...decider,
    decide(command, state, context) {
      if (context.actor.role !== 'system') rule(command, visibleParticipant(state, context), context);
      return decider.decide(command, state, context);
    },
  };
}

/** A command that adds a record of the caller's own to a participant it may see (consent, referral, journey). */
export const onVisibleParticipant = <Command>(decider: StreamDecider<Command, ParticipantEvent, ParticipantState>) =>
  guarded(decider, () => undefined);

/**
 * A step in a journey: only the organisation that opened it records in it. A journey the caller cannot read is
 * not found; one it can read but does not own is refused. With `provider`, the organisation named as an
 * intervention's provider may also record that intervention's progress, while a consent covers it.
 */
export function inOwnJourney<Command extends { readonly journeyId: string; readonly interventionId?: string }>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
  options: { readonly provider?: boolean } = {},
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return guarded(decider, (command, participant, context) => {
    const record = participant.sharing.journeys[command.journeyId];
    if (record === undefined || participant.journeys[command.journeyId] === undefined) throw journeyNotFound(command.journeyId);
    const { owner } = record;
    const caller = actorOrganisation(context);
    if (owner === caller) return;
    if (!readAccess(participant.sharing, caller, owner, record.recordedAt, context.now).readable) {
      throw journeyNotFound(command.journeyId);
    }
    if (options.provider && command.interventionId !== undefined) {
      const intervention = participant.sharing.interventions[command.interventionId];
      if (
        intervention?.journeyId === command.journeyId &&
        intervention.provider === caller &&
        consentInForce(participant.sharing, caller, owner, context.now)
      ) {
        return;
      }
    }
    throw notRecordOwner('the journey');
  });
}

/** A consent's withdrawal is recorded by the organisation that recorded the consent. */
export function ownConsent<Command extends { readonly consentId: string }>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return guarded(decider, (command, participant, context) => {
    const consent = participant.sharing.consents[command.consentId];
    if (consent === undefined) return; // The decider says the consent is not found.
    if (consent.recordedBy !== actorOrganisation(context)) throw notRecordOwner('the consent');
  });
}

/**
 * The answer to a referral (accept, decline) is the receiver's; a withdrawal is the sender's. A referral the
 * caller cannot see at all is not found.
 */
export function referralParty<Command extends { readonly referralId: string }>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
  party: 'receiver' | 'sender',
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return {
    ...decider,
    decide(command, state, context) {
      if (context.actor.role !== 'system') {
        if (state.status !== 'registered' || !mayAccess(state, context)) throw referralNotFound();
        const referral = state.sharing.referrals[command.referralId];
        if (referral === undefined) throw referralNotFound();
        const caller = actorOrganisation(context);
        if (
          referral.from !== caller &&
          referral.to !== caller &&
          !readAccess(state.sharing, caller, referral.from, referral.recordedAt, context.now).readable
        ) {
          throw referralNotFound();
        }
        if ((party === 'receiver' ? referral.to : referral.from) !== caller) {
          throw new ForbiddenError(
            party === 'receiver' ? 'not-receiver' : 'not-sender',
            party === 'receiver'
              ? 'Only the receiving organisation answers a referral'
              : 'Only the sending organisation withdraws a referral',
          );
        }
      }
      return decider.decide(command, state, context);
    },
  };
}
