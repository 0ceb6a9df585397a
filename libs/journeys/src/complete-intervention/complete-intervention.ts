import { CommandContext, StreamDecider } from '../command-handling';
import { assertInterventionIs, assertNotBefore, requireIntervention, requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

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

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const completeInterventionDecider: StreamDecider<CompleteIntervention, ParticipantEvent, ParticipantState> = inOwnJourney(
  {
    ...participantFolding,
    decide: decideCompleteIntervention,
  },
  { provider: true },
);
