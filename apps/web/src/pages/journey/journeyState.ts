import type { TimelineEntry } from '../../api/views';

export interface EnrolmentState {
  readonly enrolmentId: string;
  readonly trackId: string;
  readonly startedAt: string;
  readonly endedAt?: string;
}

export interface InterventionState {
  readonly interventionId: string;
  readonly type: string;
  readonly providerOrganisationId: string;
  readonly enrolmentId?: string;
  readonly status: 'planned' | 'started' | 'completed' | 'interrupted';
  readonly plannedAt: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly interruptionReason?: string;
}

export interface StatusState {
  readonly statusId: string;
  readonly eventId: string;
  readonly moment: string;
  readonly status: string;
  readonly at: string;
  readonly enrolmentId?: string;
  readonly expectedToLastOneMonth?: boolean;
}

/** A step that was corrected: what was recorded then, and the correction now in force. */
export interface CorrectionState {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly correctedAt: string;
  readonly reason?: string;
}

export interface JourneyState {
  readonly status: 'open' | 'closed';
  readonly openedAt?: string;
  readonly closedAt?: string;
  readonly closingReason?: string;
  readonly caseworkerId?: string;
  readonly unitId?: string;
  readonly enrolments: readonly EnrolmentState[];
  readonly activeEnrolment?: EnrolmentState;
  readonly interventions: readonly InterventionState[];
  readonly statuses: readonly StatusState[];
  readonly corrections: readonly CorrectionState[];
  /** Step event ids a correction voided: the fold leaves them out, as the api's does. */
  readonly corrected: ReadonlySet<string>;
}

type Data = Readonly<Record<string, unknown>>;
const text = (data: Data, key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);

/**
 * The journey as the timeline tells it, for the summary above it. Corrected steps are voided first, so the
 * summary is what is known now; the timeline itself keeps them, marked.
 */
export function journeyState(entries: readonly TimelineEntry[]): JourneyState {
  const corrections = new Map<string, { correctedAt: string; reason?: string }>();
  for (const entry of entries) {
    if (entry.type !== 'StepCorrected') continue;
    const data = entry.data as Data;
    const id = text(data, 'correctedEventId');
    const reason = text(data, 'reason');
    if (id && !corrections.has(id)) corrections.set(id, { correctedAt: entry.recordedAt, ...(reason ? { reason } : {}) });
  }
  let status: JourneyState['status'] = 'open';
  let openedAt: string | undefined;
  let closedAt: string | undefined;
  let closingReason: string | undefined;
  let caseworkerId: string | undefined;
  let unitId: string | undefined;
  const enrolments = new Map<string, EnrolmentState>();
  const interventions = new Map<string, InterventionState>();
  const statuses: StatusState[] = [];
  const voided: CorrectionState[] = [];
  for (const entry of entries) {
    const data = entry.data as Data;
    const at = entry.occurredAt;
    const correction = corrections.get(entry.eventId);
    if (correction) {
      voided.push({ eventId: entry.eventId, type: entry.type, occurredAt: at, recordedAt: entry.recordedAt, ...correction });
      continue;
    }
    switch (entry.type) {
      case 'JourneyOpened':
        openedAt = at;
        break;
      case 'CaseworkerAssigned':
        caseworkerId = text(data, 'caseworkerId');
        unitId = text(data, 'unitId');
        break;
      case 'TrackEnrolled': {
        const enrolmentId = text(data, 'enrolmentId')!;
        enrolments.set(enrolmentId, { enrolmentId, trackId: text(data, 'trackId') ?? '', startedAt: at });
        break;
      }
      case 'TrackEnrolmentEnded': {
        const enrolment = enrolments.get(text(data, 'enrolmentId') ?? '');
        if (enrolment) enrolments.set(enrolment.enrolmentId, { ...enrolment, endedAt: at });
        break;
      }
      case 'InterventionPlanned': {
        const interventionId = text(data, 'interventionId')!;
        const enrolmentId = text(data, 'enrolmentId');
        interventions.set(interventionId, {
          interventionId,
          type: text(data, 'type') ?? '',
          providerOrganisationId: text(data, 'providerOrganisationId') ?? '',
          ...(enrolmentId ? { enrolmentId } : {}),
          status: 'planned',
          plannedAt: at,
        });
        break;
      }
      case 'InterventionStarted':
      case 'InterventionCompleted':
      case 'InterventionInterrupted': {
        const intervention = interventions.get(text(data, 'interventionId') ?? '');
        if (!intervention) break;
        const reason = text(data, 'reason');
        interventions.set(
          intervention.interventionId,
          entry.type === 'InterventionStarted'
            ? { ...intervention, status: 'started', startedAt: at }
            : {
                ...intervention,
                status: entry.type === 'InterventionCompleted' ? 'completed' : 'interrupted',
                endedAt: at,
                ...(reason ? { interruptionReason: reason } : {}),
              },
        );
        break;
      }
      case 'LabourMarketStatusRecorded': {
        const enrolmentId = text(data, 'enrolmentId');
        statuses.push({
          statusId: text(data, 'statusId') ?? entry.eventId,
          eventId: entry.eventId,
          moment: text(data, 'moment') ?? '',
          status: text(data, 'status') ?? '',
          at,
          ...(enrolmentId ? { enrolmentId } : {}),
          ...(typeof data['expectedToLastOneMonth'] === 'boolean'
            ? { expectedToLastOneMonth: data['expectedToLastOneMonth'] as boolean }
            : {}),
        });
        break;
      }
      case 'JourneyClosed':
        status = 'closed';
        closedAt = at;
        closingReason = text(data, 'reason');
        break;
      case 'JourneyReopened':
        status = 'open';
        closedAt = undefined;
        closingReason = undefined;
        break;
      default:
        break;
    }
  }
  const all = [...enrolments.values()];
  const activeEnrolment = all.find((enrolment) => enrolment.endedAt === undefined);
  return {
    status,
    ...(openedAt ? { openedAt } : {}),
    ...(closedAt ? { closedAt } : {}),
    ...(closingReason ? { closingReason } : {}),
    ...(caseworkerId ? { caseworkerId } : {}),
    ...(unitId ? { unitId } : {}),
    enrolments: all,
    ...(activeEnrolment ? { activeEnrolment } : {}),
    interventions: [...interventions.values()],
    statuses,
    corrections: voided,
    corrected: new Set(corrections.keys()),
  };
}

/** Steps a caseworker may correct: the ones the api's correction accepts, not yet corrected. */
export const CORRECTABLE = new Set([
  'CaseworkerAssigned',
  'TrackEnrolled',
  'TrackEnrolmentEnded',
  'InterventionPlanned',
  'InterventionStarted',
  'InterventionCompleted',
  'InterventionInterrupted',
  'LabourMarketStatusRecorded',
]);
