import { IllegalStateError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertNotBefore, requireJourney, requireParticipant } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

export interface ReopenJourney {
  readonly kind: 'ReopenJourney';
  readonly participantId: string;
  readonly journeyId: string;
}

export function decideReopenJourney(
  command: ReopenJourney,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const journey = requireJourney(state, command, context);
  if (journey.status !== 'closed' || journey.closedAt === undefined) {
    throw new IllegalStateError('journey-not-closed', `Journey ${journey.journeyId} is open`);
  }
  const open = Object.values(requireParticipant(state, command.participantId).journeys).find((each) => each.status === 'open');
  if (open) {
    throw new IllegalStateError(
      'journey-already-open',
      `Journey ${open.journeyId} is open; a participant has one open journey at a time`,
    );
  }
  assertNotBefore(context, journey.closedAt, 'occurred-before-journey-closed', 'A journey cannot re-open before it closed');
  return [{ type: 'JourneyReopened', data: { journeyId: command.journeyId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const reopenJourneyDecider: StreamDecider<ReopenJourney, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideReopenJourney,
});
