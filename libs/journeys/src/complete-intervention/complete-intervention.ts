import { assertNotInFuture, CommandContext, StreamDecider } from '../command-handling';
import { assertInterventionIs, assertNotBefore, requireIntervention, requireOpenJourney } from '../participant-steps';
import { evolveParticipant, initialParticipantState, ParticipantEvent, ParticipantState } from '../participant';

export interface CompleteIntervention {
  readonly kind: 'CompleteIntervention';
  readonly participantId: string;
  readonly journeyId: string;
  readonly interventionId: string;
}

export function decideCompleteIntervention(
  command: CompleteIntervention,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  assertNotInFuture(context);
  const journey = requireOpenJourney(state, command, context);
  const intervention = requireIntervention(journey, command.interventionId);
  assertInterventionIs(intervention, 'started', 'complete');
  if (intervention.startedAt !== undefined) {
    assertNotBefore(
      context,
      intervention.startedAt,
      'occurred-before-intervention-started',
      'An intervention cannot end before it started',
    );
  }
  return [{ type: 'InterventionCompleted', data: { journeyId: command.journeyId, interventionId: command.interventionId } }];
}

export const completeInterventionDecider: StreamDecider<CompleteIntervention, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideCompleteIntervention,
};
