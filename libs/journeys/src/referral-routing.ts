import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import type { CommandResult } from '@samspar/platform';
import { CommandContext, StreamDecider } from './command-handling';
import { runCommand } from './http/run-command';
import { ParticipantEvent, ParticipantState, participantStreamName } from './participant';
import { referralNotFound } from './sharing/record-access';
import type { ParticipantLookup } from './participant-registry';

/** The participant whose stream holds the referral: the receiver names the referral alone. */
export async function participantOfReferral(registry: ParticipantLookup, referralId: string): Promise<string> {
  const participantId = await registry.participantOfReferral(referralId);
  if (participantId === undefined) throw referralNotFound();
  return participantId;
}

/** A referral command: found through its referral id, then decided on the participant's stream. */
export async function runReferralCommand<Command>(
  store: EventStore,
  registry: ParticipantLookup,
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
