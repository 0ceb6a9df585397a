import { ForbiddenError, IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { registeredParticipant } from '../participant-steps';

export const SYSTEM_ROLE = 'system';

/**
 * The receiver did not answer within its deadline. Issued by Samspår itself, so that the sender always
 * learns an outcome; `occurredAt` may be the deadline when the sweep runs late.
 */
export interface ExpireReferral {
  readonly kind: 'ExpireReferral';
  /** Names the stream. */
  readonly participantId: string;
  readonly referralId: string;
}

export function decideExpireReferral(
  command: ExpireReferral,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  // A caseworker who wants a referral gone withdraws it, which says who decided.
  if (context.actor.role !== SYSTEM_ROLE) {
    throw new ForbiddenError('system-only', 'Referrals expire by themselves; a caseworker can withdraw one instead');
  }
  const referral = participant.referrals[command.referralId];
  if (referral === undefined) {
    throw new NotFoundError('referral-not-found', 'The participant has no referral with this id');
  }
  if (referral.status !== 'sent') {
    throw new IllegalStateError('referral-not-pending', `The referral is already ${referral.status}`);
  }
  // Judged at occurredAt, which is never after now: the sweep can neither run early nor backdate past the deadline.
  if (Date.parse(referral.deadlineAt) > Date.parse(context.occurredAt)) {
    throw new IllegalStateError('referral-not-due', `The receiver has until ${referral.deadlineAt} to answer`);
  }
  return [{ type: 'ReferralExpired', data: { referralId: referral.referralId } }];
}

export const expireReferralDecider: StreamDecider<ExpireReferral, ParticipantEvent, ParticipantState> = {
  ...participantFolding,
  decide: decideExpireReferral,
};
