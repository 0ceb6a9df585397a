import { randomUUID } from 'node:crypto';
import type { IncomeSource, LabourMarketStatus, OrganisationKind, StatusMoment, TrackKind } from '@samspar/journeys';
import type { RecordedEvent } from '@samspar/kernel';
import { recorded } from '../testing/projection-harness';

/** Events for report specs: a region's catalogue and participants' histories, written compactly. */

export function organisation(organisationId: string, kind: OrganisationKind, municipalityCode = '0484'): RecordedEvent {
  return recorded(
    `organisation-${organisationId}`,
    {
      type: 'OrganisationRegistered',
      data: { organisationId, name: `${kind} ${municipalityCode}`, kind, municipalityCode, referralDeadlineDays: 30 },
    },
    '2020-01-01T08:00:00Z',
  );
}

export function track(trackId: string, name: string, kind: TrackKind, ownerOrganisationId: string): RecordedEvent {
  return recorded(
    `track-${trackId}`,
    { type: 'TrackDefined', data: { trackId, name, kind, ownerOrganisationId, employerOrganisationIds: [] } },
    '2020-01-01T08:00:00Z',
  );
}

export interface StatusSpec {
  readonly status: LabourMarketStatus;
  readonly at: string;
  readonly incomeSources?: IncomeSource[];
  /** Defaults to true for work statuses. */
  readonly lasts?: boolean;
  /** At entry, for the unemployed: since when (YYYY-MM-DD). */
  readonly unemployedSince?: string;
}

export interface EnrolmentSpec {
  readonly trackId: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly entry?: StatusSpec;
  readonly exit?: StatusSpec;
  readonly followUp1m?: StatusSpec;
  readonly followUp90d?: StatusSpec;
  readonly followUp6m?: StatusSpec;
}

export interface PersonSpec {
  readonly participantId?: string;
  readonly organisationId: string;
  readonly unitId?: string;
  readonly gender?: 'kvinna' | 'man' | 'annat';
  readonly birthYear?: number;
  readonly newlyArrived?: boolean;
  readonly educationBand?: 'isced_0_2' | 'isced_3_4' | 'isced_5_8' | 'unknown';
  readonly openedAt?: string;
  readonly enrolments: readonly EnrolmentSpec[];
  readonly closed?: { readonly reason: string; readonly at: string };
  /** Status records after the journey's enrolments, e.g. a later return to income support. */
  readonly laterStatuses?: ReadonlyArray<StatusSpec & { readonly moment: StatusMoment }>;
  /** Referrals sent for the participant, e.g. from social services after leaving. */
  readonly referrals?: ReadonlyArray<{ readonly from: string; readonly to: string; readonly at: string }>;
}

const WORK = new Set<string>(['employed', 'employed_subsidised', 'self_employed']);

/** One participant's stream, in occurredAt order as a caseworker would record it. */
export function person(spec: PersonSpec): RecordedEvent[] {
  const participantId = spec.participantId ?? randomUUID();
  const journeyId = randomUUID();
  const stream = `participant-${participantId}`;
  const events: Array<{ type: string; data: Record<string, unknown>; at: string }> = [];
  const firstStart = spec.enrolments[0]?.startedAt ?? '2024-01-01T08:00:00Z';
  const openedAt = spec.openedAt ?? new Date(Date.parse(firstStart) - 86_400_000).toISOString();
  events.push({
    type: 'ParticipantRegistered',
    data: {
      participantId,
      organisationId: spec.organisationId,
      identity: { kind: 'anonymous', reason: 'no_consent' },
      attributes: {
        gender: spec.gender ?? 'kvinna',
        birthYear: spec.birthYear ?? 1990,
        newlyArrived: spec.newlyArrived ?? false,
        educationBand: spec.educationBand ?? 'isced_3_4',
      },
      protectedIdentity: false,
    },
    at: openedAt,
  });
  events.push({ type: 'JourneyOpened', data: { journeyId, organisationId: spec.organisationId }, at: openedAt });
  if (spec.unitId)
    events.push({ type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: 'cw-1', unitId: spec.unitId }, at: openedAt });
  const status = (moment: StatusMoment, each: StatusSpec, enrolmentId?: string) =>
    events.push({
      type: 'LabourMarketStatusRecorded',
      data: {
        journeyId,
        statusId: randomUUID(),
        moment,
        status: each.status,
        incomeSources: each.incomeSources ?? ['none'],
        ...(WORK.has(each.status) ? { expectedToLastOneMonth: each.lasts ?? true } : {}),
        ...(enrolmentId ? { enrolmentId } : {}),
        ...(each.unemployedSince ? { unemployedSince: each.unemployedSince } : {}),
      },
      at: each.at,
    });
  for (const enrolment of spec.enrolments) {
    const enrolmentId = randomUUID();
    events.push({ type: 'TrackEnrolled', data: { journeyId, enrolmentId, trackId: enrolment.trackId }, at: enrolment.startedAt });
    if (enrolment.entry) status('entry', enrolment.entry, enrolmentId);
    if (enrolment.endedAt) events.push({ type: 'TrackEnrolmentEnded', data: { journeyId, enrolmentId }, at: enrolment.endedAt });
    if (enrolment.exit) status('exit', enrolment.exit, enrolmentId);
    if (enrolment.followUp1m) status('follow_up_1m', enrolment.followUp1m, enrolmentId);
    if (enrolment.followUp90d) status('follow_up_90d', enrolment.followUp90d, enrolmentId);
    if (enrolment.followUp6m) status('follow_up_6m', enrolment.followUp6m, enrolmentId);
  }
  for (const each of spec.laterStatuses ?? []) status(each.moment, each);
  for (const referral of spec.referrals ?? []) {
    events.push({
      type: 'ParticipantReferred',
      data: {
        referralId: randomUUID(),
        fromOrganisationId: referral.from,
        toOrganisationId: referral.to,
        reason: 'other',
        deadlineAt: new Date(Date.parse(referral.at) + 30 * 86_400_000).toISOString(),
      },
      at: referral.at,
    });
  }
  if (spec.closed) events.push({ type: 'JourneyClosed', data: { journeyId, reason: spec.closed.reason }, at: spec.closed.at });
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index)
    .map(({ event }) => recorded(stream, { type: event.type, data: event.data }, event.at));
}
