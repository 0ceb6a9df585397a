import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { requireJourney } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { inOwnJourney } from '../sharing/record-access';

export const CORRECTION_REASON_MAX_LENGTH = 200;

/** Ten or twelve digits, with or without a separator: a personnummer or samordningsnummer. */
const PERSONNUMMER_LIKE = /(^|\D)(\d{2})?\d{6}[-+ ]?\d{4}(\D|$)/;

export interface CorrectStep {
  readonly kind: 'CorrectStep';
  readonly participantId: string;
  readonly journeyId: string;
  /** The id of the step event to void; the event itself stays in the log. */
  readonly stepEventId: string;
  /** Why the step was wrong; read by evaluators, so it must hold no names or personnummer. */
  readonly reason: string;
}

export function decideCorrectStep(command: CorrectStep, state: ParticipantState, context: CommandContext): ParticipantEvent[] {
  const reason = command.reason.trim();
  if (reason.length === 0 || reason.length > CORRECTION_REASON_MAX_LENGTH) {
    throw new ValidationError(
      'correction-reason-length',
      `Give a reason of 1 to ${CORRECTION_REASON_MAX_LENGTH} characters`,
      'reason',
    );
  }
  // Names cannot be told from other words, but a personnummer can: it would end up in the pseudonymised export.
  if (PERSONNUMMER_LIKE.test(reason)) {
    throw new ValidationError('correction-reason-personal-data', 'The reason must not contain a personnummer', 'reason');
  }
  // A wrong step on a closed journey (an exit status, a follow-up) is corrected without re-opening, which would be a new fact.
  const journey = requireJourney(state, command, context);
  if (!journey.stepEventIds.includes(command.stepEventId)) {
    throw new NotFoundError('step-not-found', `Journey ${journey.journeyId} has no step ${command.stepEventId}`, 'stepEventId');
  }
  if (journey.corrected.includes(command.stepEventId)) {
    throw new IllegalStateError('step-already-corrected', `Step ${command.stepEventId} is already corrected`, 'stepEventId');
  }
  return [{ type: 'StepCorrected', data: { journeyId: command.journeyId, correctedEventId: command.stepEventId, reason } }];
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const correctStepDecider: StreamDecider<CorrectStep, ParticipantEvent, ParticipantState> = inOwnJourney({
  ...participantFolding,
  decide: decideCorrectStep,
});
