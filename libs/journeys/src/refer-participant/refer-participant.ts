import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError, isUuid } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, RegisteredParticipant, participantFolding } from '../participant';
import { DEFAULT_REFERRAL_DEADLINE_DAYS } from '../vocabulary';
import { registeredParticipant } from '../participant-steps';
import { onVisibleParticipant } from '../sharing/record-access';
import { consentInForce } from '../sharing/sharing';

/** Why one organisation refers a participant to another. Stored values never change. */
export const REFERRAL_REASONS = [
  'work_preparation',
  'education',
  'health_assessment',
  'income_support_coordination',
  'other',
] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

export const MAX_REFERRAL_DEADLINE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A remiss from the caseworker's organisation to another one. */
export interface ReferParticipant {
  readonly kind: 'ReferParticipant';
  /** Names the stream. */
  readonly participantId: string;
  readonly referralId: string;
  readonly toOrganisationId: string;
  readonly reason: ReferralReason;
  readonly journeyId?: string;
  readonly suggestedTrackId?: string;
  /** The receiver's time to answer, from the organisation catalogue; DEFAULT_REFERRAL_DEADLINE_DAYS when absent. */
  readonly deadlineDays?: number;
}

export function decideReferParticipant(
  command: ReferParticipant,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  const at = new Date(context.occurredAt).toISOString();
  const from = context.actor.organisationId?.toLowerCase();
  if (from === undefined) {
    throw new ForbiddenError('actor-without-organisation', 'Only someone acting for an organisation can refer');
  }
  if (participant.referrals[command.referralId] !== undefined) {
    throw new IllegalStateError('referral-exists', 'A referral with this id is already recorded');
  }
  if (!REFERRAL_REASONS.includes(command.reason)) {
    throw new ValidationError('referral-reason-invalid', `The reason is one of ${REFERRAL_REASONS.join(', ')}`, 'reason');
  }
  const to = command.toOrganisationId.toLowerCase();
  if (to === from) {
    throw new ValidationError('referral-to-self', 'A referral goes to another organisation', 'toOrganisationId');
  }
  if (command.suggestedTrackId !== undefined && !isUuid(command.suggestedTrackId)) {
    throw new ValidationError('suggested-track-invalid', 'The suggested track is named by its id', 'suggestedTrackId');
  }
  const deadlineDays = command.deadlineDays ?? DEFAULT_REFERRAL_DEADLINE_DAYS;
  if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > MAX_REFERRAL_DEADLINE_DAYS) {
    throw new ValidationError(
      'deadline-days-invalid',
      `The receiver's deadline is 1 to ${MAX_REFERRAL_DEADLINE_DAYS} days`,
      'deadlineDays',
    );
  }
  // Nothing about an anonymous participant may be shared, so there is nothing to refer.
  if (participant.identity.kind === 'anonymous') {
    throw new IllegalStateError('anonymous-participant', 'An anonymous participant cannot be referred to another organisation');
  }
  if (command.journeyId !== undefined) {
    const journey = participant.journeys[command.journeyId];
    if (journey === undefined) throw new NotFoundError('journey-not-found', 'The participant has no journey with this id');
    if (journey.status === 'closed') {
      throw new IllegalStateError('journey-closed', 'A closed journey takes no more steps; reopen it first');
    }
  }
  // What is shared with the receiver is the sender's: a consent must name both.
  if (!consentInForce(participant.sharing, from, to, at)) {
    throw new IllegalStateError('consent-required', whyNotCovered(participant, to, at));
  }
  const pending = Object.values(participant.referrals).some(
    (referral) =>
      referral.status === 'sent' &&
      referral.fromOrganisationId.toLowerCase() === from &&
      referral.toOrganisationId.toLowerCase() === to,
  );
  if (pending) {
    throw new IllegalStateError(
      'referral-pending',
      'A referral to this organisation is still waiting for an answer; withdraw it or wait for the answer',
    );
  }
  return [
    {
      type: 'ParticipantReferred',
      data: {
        referralId: command.referralId,
        fromOrganisationId: from,
        toOrganisationId: to,
        ...(command.journeyId !== undefined ? { journeyId: command.journeyId } : {}),
        reason: command.reason,
        ...(command.suggestedTrackId !== undefined ? { suggestedTrackId: command.suggestedTrackId } : {}),
        // Whole days of 24 hours from the sending, so the deadline does not move with summer time.
        deadlineAt: new Date(Date.parse(at) + deadlineDays * DAY_MS).toISOString(),
      },
    },
  ];
}

/** Secrecy (OSL 26:1) is lifted only by the participant's consent (OSL 12:2); the caseworker needs to know which is missing. */
function whyNotCovered(participant: RegisteredParticipant, organisationId: string, at: string): string {
  const day = at.slice(0, 10);
  const naming = Object.values(participant.sharing.consents).some((consent) => consent.organisations.includes(organisationId));
  return naming
    ? `The participant's consent naming the receiving organisation is not valid on ${day}: it has not started, has ended or was withdrawn. Record a new consent before referring.`
    : 'No consent from the participant names the receiving organisation, so secrecy applies. Record a consent naming it before referring.';
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const referParticipantDecider: StreamDecider<ReferParticipant, ParticipantEvent, ParticipantState> = onVisibleParticipant({
  ...participantFolding,
  decide: decideReferParticipant,
});
