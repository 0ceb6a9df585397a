import { dayInSweden, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { isBefore, requireJourney, requireOpenJourney, requireParticipant } from '../participant-steps';
import { Journey, ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { IncomeSource, LabourMarketStatus, StatusMoment } from '../vocabulary';
import { inOwnJourney } from '../sharing/record-access';
import { isUnemployed, isWork } from '../outcome-rules';

export const FOLLOW_UP_MOMENTS: readonly StatusMoment[] = ['follow_up_1m', 'follow_up_90d', 'follow_up_6m'];

export interface RecordLabourMarketStatus {
  readonly kind: 'RecordLabourMarketStatus';
  readonly participantId: string;
  readonly journeyId: string;
  /** Chosen by the client, so that a retried command is refused instead of recording twice. */
  readonly statusId: string;
  readonly moment: StatusMoment;
  readonly status: LabourMarketStatus;
  readonly incomeSources: readonly IncomeSource[];
  /** Required for a work status, absent otherwise. */
  readonly expectedToLastOneMonth?: boolean;
  /** The track enrolment the status is counted for, when there is one. */
  readonly enrolmentId?: string;
  /** At entry, for an unemployed participant: the first day of the unemployment (YYYY-MM-DD). */
  readonly unemployedSince?: string;
}

export function decideRecordLabourMarketStatus(
  command: RecordLabourMarketStatus,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  assertIncomeSources(command.incomeSources);
  assertExpectedDuration(command);
  assertUnemployedSince(command, context);
  const followUp = FOLLOW_UP_MOMENTS.includes(command.moment);
  // Follow-ups fall 1 month to 6 months after exit, usually after the journey has closed.
  const journey = followUp ? requireJourney(state, command, context) : requireOpenJourney(state, command, context);
  const journeys = Object.values(requireParticipant(state, command.participantId).journeys);
  if (journeys.some((each) => each.statuses.some((status) => status.statusId === command.statusId))) {
    throw new IllegalStateError('status-exists', `Status ${command.statusId} is already recorded`, 'statusId');
  }
  if (command.enrolmentId !== undefined && !journey.enrolments[command.enrolmentId]) {
    throw new NotFoundError('enrolment-not-found', `The journey has no enrolment ${command.enrolmentId}`, 'enrolmentId');
  }
  if (command.moment === 'entry' && journey.statuses.some((status) => status.moment === 'entry')) {
    throw new IllegalStateError('entry-status-exists', 'The journey already has an entry status; correct it to record another');
  }
  if (followUp) assertAfterExit(journey, context);
  return [
    {
      type: 'LabourMarketStatusRecorded',
      data: {
        journeyId: command.journeyId,
        statusId: command.statusId,
        moment: command.moment,
        status: command.status,
        incomeSources: [...command.incomeSources],
        ...(command.expectedToLastOneMonth !== undefined ? { expectedToLastOneMonth: command.expectedToLastOneMonth } : {}),
        ...(command.enrolmentId !== undefined ? { enrolmentId: command.enrolmentId } : {}),
        ...(command.unemployedSince !== undefined ? { unemployedSince: command.unemployedSince } : {}),
      },
    },
  ];
}

function assertIncomeSources(sources: readonly IncomeSource[]): void {
  if (sources.length === 0) {
    throw new ValidationError('income-sources-empty', "Name at least one income source, or 'none'", 'incomeSources');
  }
  if (new Set(sources).size !== sources.length) {
    throw new ValidationError('income-sources-duplicate', 'Each income source is named once', 'incomeSources');
  }
  if (sources.includes('none') && sources.length > 1) {
    throw new ValidationError(
      'income-sources-none-alone',
      "'none' cannot be combined with other income sources",
      'incomeSources',
    );
  }
}

function assertExpectedDuration(command: RecordLabourMarketStatus): void {
  const work = isWork(command.status);
  if (work && command.expectedToLastOneMonth === undefined) {
    throw new ValidationError(
      'expected-duration-required',
      'Say whether the work is expected to last at least one month',
      'expectedToLastOneMonth',
    );
  }
  if (!work && command.expectedToLastOneMonth !== undefined) {
    throw new ValidationError(
      'expected-duration-not-applicable',
      `An expected duration belongs to work only, not to ${command.status}`,
      'expectedToLastOneMonth',
    );
  }
}

/** The length of unemployment is asked at entry (ESF+ long-term unemployment), of the unemployed, and is never later than the status. */
function assertUnemployedSince(command: RecordLabourMarketStatus, context: CommandContext): void {
  const since = command.unemployedSince;
  if (since === undefined) return;
  if (command.moment !== 'entry') {
    throw new ValidationError(
      'unemployed-since-not-at-entry',
      'Since when the participant is unemployed is recorded at entry only',
      'unemployedSince',
    );
  }
  if (!isUnemployed(command.status)) {
    throw new ValidationError(
      'unemployed-since-not-unemployed',
      `Since when the participant is unemployed belongs to job_seeking or labour_market_programme, not to ${command.status}`,
      'unemployedSince',
    );
  }
  if (since > dayInSweden(context.occurredAt)) {
    throw new ValidationError(
      'unemployed-since-after-status',
      'The unemployment cannot start after the day the status holds',
      'unemployedSince',
    );
  }
}

function assertAfterExit(journey: Journey, context: CommandContext): void {
  const exits = journey.statuses.filter((status) => status.moment === 'exit');
  if (exits.length === 0) {
    throw new IllegalStateError('follow-up-before-exit', 'A follow-up status needs an exit status first');
  }
  if (exits.every((exit) => isBefore(context.occurredAt, exit.recordedFor))) {
    throw new ValidationError('occurred-before-exit', 'A follow-up cannot be dated before the exit it follows', 'occurredAt');
  }
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const recordLabourMarketStatusDecider: StreamDecider<RecordLabourMarketStatus, ParticipantEvent, ParticipantState> =
  inOwnJourney({
    ...participantFolding,
    decide: decideRecordLabourMarketStatus,
  });
