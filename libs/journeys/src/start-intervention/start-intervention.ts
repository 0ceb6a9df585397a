import { CommandContext, StreamDecider } from '../command-handling';
import { assertInterventionIs, requireIntervention, requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

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
  const journey = requireOpenJourney(state, command, context);
  assertInterventionIs(requireIntervention(journey, command.interventionId), 'planned', 'start');
  return [{ type: 'InterventionStarted', data: { journeyId: command.journeyId, interventionId: command.interventionId } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const startInterventionDecider: StreamDecider<StartIntervention, ParticipantEvent, ParticipantState> = inOwnJourney(
  {
    ...participantFolding,
    decide: decideStartIntervention,
  },
  { provider: true },
);
