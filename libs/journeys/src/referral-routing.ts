import { referralNotFound } from './sharing/record-access';
import type { ParticipantLookup } from './participant-registry';

/** The participant whose stream holds the referral: the receiver names the referral alone. */
export async function participantOfReferral(registry: ParticipantLookup, referralId: string): Promise<string> {
  const participantId = await registry.participantOfReferral(referralId);
  if (participantId === undefined) throw referralNotFound();
  return participantId;
}
