import { IllegalStateError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { ClosingReason } from '../vocabulary';
import { inOwnJourney } from '../sharing/record-access';

/** Reasons that close a journey whatever is still running: the record was wrong, or the person has died. */
export const CLOSES_REGARDLESS: readonly ClosingReason[] = ['registration_error', 'deceased'];

export interface CloseJourney {
  readonly kind: 'CloseJourney';
  readonly participantId: string;
  readonly journeyId: string;
  readonly reason: ClosingReason;
}

export function decideCloseJourney(command: CloseJourney, state: ParticipantState, context: CommandContext): ParticipantEvent[] {
  const journey = requireOpenJourney(state, command, context);
  // Closing ends nothing by itself: each ending is its own fact, recorded first with its own date.
  if (!CLOSES_REGARDLESS.includes(command.reason)) {
    if (journey.activeEnrolmentId !== undefined) {
      throw new IllegalStateError('enrolment-active', `End enrolment ${journey.activeEnrolmentId} before closing the journey`);
    }
    const ongoing = Object.values(journey.interventions).find((intervention) => intervention.status === 'started');
    if (ongoing) {
      throw new IllegalStateError(
        'intervention-ongoing',
        `Complete or interrupt intervention ${ongoing.interventionId} before closing`,
      );
    }
  }
  return [{ type: 'JourneyClosed', data: { journeyId: command.journeyId, reason: command.reason } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const closeJourneyDecider: StreamDecider<CloseJourney, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideCloseJourney,
});
