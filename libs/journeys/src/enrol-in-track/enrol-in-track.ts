import { IllegalStateError } from '@samspar/kernel';
import { assertNotInFuture, CommandContext, StreamDecider } from '../command-handling';
import { assertNotBefore, latest, requireOpenJourney, requireParticipant } from '../participant-steps';
import { evolveParticipant, initialParticipantState, ParticipantEvent, ParticipantState } from '../participant';

export interface EnrolInTrack {
  readonly kind: 'EnrolInTrack';
  readonly participantId: string;
  readonly journeyId: string;
  /** Chosen by the client, so that a retried command is refused instead of enrolling twice. */
  readonly enrolmentId: string;
  /** A track of the catalogue. The caller checks it exists and is not retired: the catalogue is another stream. */
  readonly trackId: string;
}

export function decideEnrolInTrack(command: EnrolInTrack, state: ParticipantState, context: CommandContext): ParticipantEvent[] {
  assertNotInFuture(context);
  const journey = requireOpenJourney(state, command, context);
  const journeys = Object.values(requireParticipant(state, command.participantId).journeys);
  if (journeys.some((each) => each.enrolments[command.enrolmentId])) {
    throw new IllegalStateError('enrolment-exists', `Enrolment ${command.enrolmentId} already exists`, 'enrolmentId');
  }
  if (journey.activeEnrolmentId !== undefined) {
    throw new IllegalStateError(
      'enrolment-active',
      `Enrolment ${journey.activeEnrolmentId} is active; end it before enrolling in another track`,
    );
  }
  // One track at a time must also hold for reports as of a past date, so enrolments may not overlap in time.
  const lastEndedAt = latest(Object.values(journey.enrolments).map((enrolment) => enrolment.endedAt));
  if (lastEndedAt !== undefined) {
    assertNotBefore(
      context,
      lastEndedAt,
      'occurred-before-enrolment-ended',
      'A new enrolment cannot start before the last one ended',
    );
  }
  return [
    { type: 'TrackEnrolled', data: { journeyId: command.journeyId, enrolmentId: command.enrolmentId, trackId: command.trackId } },
  ];
}

export const enrolInTrackDecider: StreamDecider<EnrolInTrack, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideEnrolInTrack,
};
