import { IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertNotBefore, requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

export interface EndTrackEnrolment {
  readonly kind: 'EndTrackEnrolment';
  readonly participantId: string;
  readonly journeyId: string;
  readonly enrolmentId: string;
}

export function decideEndTrackEnrolment(
  command: EndTrackEnrolment,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const journey = requireOpenJourney(state, command, context);
  const enrolment = journey.enrolments[command.enrolmentId];
  if (!enrolment) {
    throw new NotFoundError('enrolment-not-found', `The journey has no enrolment ${command.enrolmentId}`, 'enrolmentId');
  }
  if (journey.activeEnrolmentId !== enrolment.enrolmentId) {
    throw new IllegalStateError('enrolment-not-active', `Enrolment ${enrolment.enrolmentId} has already ended`, 'enrolmentId');
  }
  assertNotBefore(context, enrolment.startedAt, 'occurred-before-enrolment-started', 'An enrolment cannot end before it started');
  return [{ type: 'TrackEnrolmentEnded', data: { journeyId: command.journeyId, enrolmentId: command.enrolmentId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const endTrackEnrolmentDecider: StreamDecider<EndTrackEnrolment, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideEndTrackEnrolment,
});
