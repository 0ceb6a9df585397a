import { IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { requireOpenJourney, requireParticipant } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { InterventionType } from '../vocabulary';
import { inOwnJourney } from '../sharing/record-access';

export interface PlanIntervention {
  readonly kind: 'PlanIntervention';
  readonly participantId: string;
  readonly journeyId: string;
  /** Chosen by the client, so that a retried command is refused instead of planning twice. */
  readonly interventionId: string;
  readonly type: InterventionType;
  /** May be another municipality's organisation; the caller checks that it is registered. */
  readonly providerOrganisationId: string;
  /** The active enrolment the intervention belongs to; an intervention may also be planned outside any track. */
  readonly enrolmentId?: string;
}

export function decidePlanIntervention(
  command: PlanIntervention,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const journey = requireOpenJourney(state, command, context);
  const journeys = Object.values(requireParticipant(state, command.participantId).journeys);
  if (journeys.some((each) => each.interventions[command.interventionId])) {
    throw new IllegalStateError('intervention-exists', `Intervention ${command.interventionId} already exists`, 'interventionId');
  }
  if (command.enrolmentId !== undefined) {
    if (!journey.enrolments[command.enrolmentId]) {
      throw new NotFoundError('enrolment-not-found', `The journey has no enrolment ${command.enrolmentId}`, 'enrolmentId');
    }
    if (journey.activeEnrolmentId !== command.enrolmentId) {
      throw new IllegalStateError('enrolment-not-active', `Enrolment ${command.enrolmentId} has ended`, 'enrolmentId');
    }
  }
  return [
    {
      type: 'InterventionPlanned',
      data: {
        journeyId: command.journeyId,
        interventionId: command.interventionId,
        type: command.type,
        providerOrganisationId: command.providerOrganisationId,
        ...(command.enrolmentId !== undefined ? { enrolmentId: command.enrolmentId } : {}),
      },
    },
  ];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const planInterventionDecider: StreamDecider<PlanIntervention, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decidePlanIntervention,
});
