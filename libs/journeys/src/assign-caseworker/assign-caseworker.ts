import { IllegalStateError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

export interface AssignCaseworker {
  readonly kind: 'AssignCaseworker';
  readonly participantId: string;
  readonly journeyId: string;
  /** The caseworker's user id, as the identity provider knows it. */
  readonly caseworkerId: string;
  /** A unit of the journey's organisation; its existence is checked by the caller against the organisation. */
  readonly unitId?: string;
}

export function decideAssignCaseworker(
  command: AssignCaseworker,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const journey = requireOpenJourney(state, command, context);
  if (journey.caseworkerId === command.caseworkerId && journey.unitId === command.unitId) {
    throw new IllegalStateError(
      'caseworker-already-assigned',
      'This caseworker is already assigned to the journey',
      'caseworkerId',
    );
  }
  return [
    {
      type: 'CaseworkerAssigned',
      data: {
        journeyId: command.journeyId,
        caseworkerId: command.caseworkerId,
        ...(command.unitId !== undefined ? { unitId: command.unitId } : {}),
      },
    },
  ];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const assignCaseworkerDecider: StreamDecider<AssignCaseworker, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideAssignCaseworker,
});
