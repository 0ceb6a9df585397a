import { assertNotInFuture, CommandContext, StreamDecider } from '../command-handling';
import { assertInterventionIs, requireIntervention, requireOpenJourney } from '../participant-steps';
import { evolveParticipant, initialParticipantState, ParticipantEvent, ParticipantState } from '../participant';

export interface StartIntervention {
  readonly kind: 'StartIntervention';
  readonly participantId: string;
  readonly journeyId: string;
  readonly interventionId: string;
}

export function decideStartIntervention(
  command: StartIntervention,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  assertNotInFuture(context);
  const journey = requireOpenJourney(state, command, context);
  assertInterventionIs(requireIntervention(journey, command.interventionId), 'planned', 'start');
  return [{ type: 'InterventionStarted', data: { journeyId: command.journeyId, interventionId: command.interventionId } }];
}

export const startInterventionDecider: StreamDecider<StartIntervention, ParticipantEvent, ParticipantState> = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  decide: decideStartIntervention,
};
