import { ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertInterventionIs, assertNotBefore, requireIntervention, requireOpenJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

/** Why an intervention ended early. Stored values never change; 'found_work' keeps a good early end apart in reports. */
export const INTERRUPTION_REASONS = ['participant_left', 'illness', 'found_work', 'provider_ended', 'other'] as const;
export type InterruptionReason = (typeof INTERRUPTION_REASONS)[number];

export interface InterruptIntervention {
  readonly kind: 'InterruptIntervention';
  readonly participantId: string;
  readonly journeyId: string;
  readonly interventionId: string;
  readonly reason: InterruptionReason;
}

export function decideInterruptIntervention(
  command: InterruptIntervention,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  // The event stores a plain string, so the code list is guarded here and not only at the HTTP edge.
  if (!(INTERRUPTION_REASONS as readonly string[]).includes(command.reason)) {
    throw new ValidationError('interruption-reason-unknown', `Unknown interruption reason ${command.reason}`, 'reason');
  }
  const journey = requireOpenJourney(state, command, context);
  const intervention = requireIntervention(journey, command.interventionId);
  assertInterventionIs(intervention, 'started', 'interrupt');
  if (intervention.startedAt !== undefined) {
    assertNotBefore(
      context,
      intervention.startedAt,
      'occurred-before-intervention-started',
      'An intervention cannot end before it started',
    );
  }
  return [
    {
      type: 'InterventionInterrupted',
      data: { journeyId: command.journeyId, interventionId: command.interventionId, reason: command.reason },
    },
  ];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const interruptInterventionDecider: StreamDecider<InterruptIntervention, ParticipantEvent, ParticipantState> =
  inOwnJourney(
    {
      ...participantFolding,
      decide: decideInterruptIntervention,
    },
    { provider: true },
  );
