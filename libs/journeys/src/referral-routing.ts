import { NotFoundError } from '@samspar/kernel';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import type { CommandResult } from '@samspar/platform';
import { CommandContext, StreamDecider } from './command-handling';
import { runCommand } from './http/run-command';
import { ParticipantEvent, ParticipantState, participantStreamName } from './participant';
import { mayAccess } from './participant-access';
import { ParticipantRegistry } from './participant-registry';

/** The same answer for a referral that does not exist and one the caller may not learn about. */
export const referralNotFound = () =>
  new NotFoundError('referral-not-found', 'No referral with this id is visible to your organisation', 'referralId');

/** The participant whose stream holds the referral: the receiver names the referral alone. */
export async function participantOfReferral(registry: ParticipantRegistry, referralId: string): Promise<string> {
  const participantId = await registry.participantOfReferral(referralId);
  if (participantId === undefined) throw referralNotFound();
  return participantId;
}

/**
 * For the receiver's answers, which cannot be scopedToActor: the receiver has no access before it accepts.
 * Only the receiver, or an organisation that works with the participant, learns that the referral exists;
 * the wrapped decider then tells the sender that only the receiver answers.
 */
export function answeredByReceiver<Command extends { readonly referralId: string }>(
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
): StreamDecider<Command, ParticipantEvent, ParticipantState> {
  return {
    ...decider,
    decide(command, state, context) {
      const referral = state.status === 'registered' ? state.referrals[command.referralId] : undefined;
      if (referral === undefined) throw referralNotFound();
      if (context.actor.organisationId !== referral.toOrganisationId && !mayAccess(state, context)) throw referralNotFound();
      return decider.decide(command, state, context);
    },
  };
}

/** A referral command: found through its referral id, then decided on the participant's stream. */
export async function runReferralCommand<Command>(
  store: EventStore,
  registry: ParticipantRegistry,
  referralId: string,
  decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
  commandFor: (participantId: string, referralId: string) => Command,
  context: CommandContext,
  ifMatch: ExpectedRevision | undefined,
): Promise<CommandResult> {
  // The referring route stores referral ids in lower case.
  const id = referralId.toLowerCase();
  const participantId = await participantOfReferral(registry, id);
  return runCommand(
    store,
    participantId,
    participantStreamName(participantId),
    decider,
    commandFor(participantId, id),
    context,
    ifMatch,
  );
}
