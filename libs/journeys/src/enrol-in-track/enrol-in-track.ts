import { IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertNotBefore, latest, requireOpenJourney, requireParticipant } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

export interface EnrolInTrack {
  readonly kind: 'EnrolInTrack';
  readonly participantId: string;
  readonly journeyId: string;
  /** Chosen by the client, so that a retried command is refused instead of enrolling twice. */
  readonly enrolmentId: string;
  /** A track of the catalogue. */
  readonly trackId: string;
  /**
   * What the caller found of the track in the catalogue, which is another stream; absent when it takes
   * enrolments. Judged here, after the sharing rule, so that nothing is told to a caller who may not see the journey.
   */
  readonly trackFound?: 'none' | 'retired';
}

export function decideEnrolInTrack(command: EnrolInTrack, state: ParticipantState, context: CommandContext): ParticipantEvent[] {
  if (command.trackFound === 'none') {
    throw new NotFoundError('track-not-found', `No track ${command.trackId} is in the catalogue`, 'trackId');
  }
  if (command.trackFound === 'retired') {
    throw new IllegalStateError('track-retired', 'The track is retired and takes no new enrolments', 'trackId');
  }
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

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const enrolInTrackDecider: StreamDecider<EnrolInTrack, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideEnrolInTrack,
});
