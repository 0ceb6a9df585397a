import type { RecordedEvent } from '@samspar/kernel';
import { recorded } from '../testing/projection-harness';

/** Events as the store records them, for the operations report specs: one line per fact a spec sets up. */
const participant = (id: string) => `participant-${id}`;

export const catalogue = {
  organisation: (
    organisationId: string,
    name: string,
    kind: string,
    referralDeadlineDays = 30,
    municipalityCode = '0484',
  ): RecordedEvent =>
    recorded(
      `organisation-${organisationId}`,
      { type: 'OrganisationRegistered', data: { organisationId, name, kind, municipalityCode, referralDeadlineDays } },
      '2024-01-01T08:00:00Z',
    ),
  unit: (organisationId: string, unitId: string, name: string): RecordedEvent =>
    recorded(`organisation-${organisationId}`, { type: 'UnitAdded', data: { unitId, name } }, '2024-01-01T08:00:00Z'),
  track: (trackId: string, name: string, ownerOrganisationId: string): RecordedEvent =>
    recorded(
      `track-${trackId}`,
      { type: 'TrackDefined', data: { trackId, name, kind: 'preparatory', ownerOrganisationId, employerOrganisationIds: [] } },
      '2024-01-01T08:00:00Z',
    ),
};

export interface Attributes {
  readonly gender?: 'kvinna' | 'man' | 'annat';
  readonly birthYear?: number;
  readonly protectedIdentity?: boolean;
}

export const events = {
  registered: (p: string, organisationId: string, when: string, attributes: Attributes = {}): RecordedEvent =>
    recorded(
      participant(p),
      {
        type: 'ParticipantRegistered',
        data: {
          participantId: p,
          organisationId,
          identity: { kind: 'anonymous', reason: 'no_consent' },
          attributes: {
            gender: attributes.gender ?? 'kvinna',
            birthYear: attributes.birthYear ?? 1990,
            newlyArrived: false,
            educationBand: 'isced_3_4',
          },
          protectedIdentity: attributes.protectedIdentity ?? false,
        },
      },
      when,
    ),
  opened: (p: string, journeyId: string, organisationId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'JourneyOpened', data: { journeyId, organisationId } }, when),
  assigned: (p: string, journeyId: string, caseworkerId: string, unitId: string | undefined, when: string): RecordedEvent =>
    recorded(
      participant(p),
      { type: 'CaseworkerAssigned', data: { journeyId, caseworkerId, ...(unitId ? { unitId } : {}) } },
      when,
    ),
  enrolled: (p: string, journeyId: string, enrolmentId: string, trackId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'TrackEnrolled', data: { journeyId, enrolmentId, trackId } }, when),
  enrolmentEnded: (p: string, journeyId: string, enrolmentId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'TrackEnrolmentEnded', data: { journeyId, enrolmentId } }, when),
  interventionPlanned: (
    p: string,
    journeyId: string,
    interventionId: string,
    providerOrganisationId: string,
    when: string,
  ): RecordedEvent =>
    recorded(
      participant(p),
      { type: 'InterventionPlanned', data: { journeyId, interventionId, type: 'praktik', providerOrganisationId } },
      when,
    ),
  interventionStarted: (p: string, journeyId: string, interventionId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'InterventionStarted', data: { journeyId, interventionId } }, when),
  interventionCompleted: (p: string, journeyId: string, interventionId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'InterventionCompleted', data: { journeyId, interventionId } }, when),
  status: (p: string, journeyId: string, statusId: string, moment: string, status: string, when: string): RecordedEvent =>
    recorded(
      participant(p),
      { type: 'LabourMarketStatusRecorded', data: { journeyId, statusId, moment, status, incomeSources: ['none'] } },
      when,
    ),
  closed: (p: string, journeyId: string, reason: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'JourneyClosed', data: { journeyId, reason } }, when),
  referred: (
    p: string,
    referralId: string,
    fromOrganisationId: string,
    toOrganisationId: string,
    when: string,
    deadlineAt: string,
    suggestedTrackId?: string,
  ): RecordedEvent =>
    recorded(
      participant(p),
      {
        type: 'ParticipantReferred',
        data: {
          referralId,
          fromOrganisationId,
          toOrganisationId,
          reason: 'work_preparation',
          deadlineAt,
          ...(suggestedTrackId ? { suggestedTrackId } : {}),
        },
      },
      when,
    ),
  accepted: (p: string, referralId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'ReferralAccepted', data: { referralId } }, when),
  declined: (p: string, referralId: string, reason: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'ReferralDeclined', data: { referralId, reason } }, when),
  withdrawn: (p: string, referralId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'ReferralWithdrawn', data: { referralId } }, when),
  expired: (p: string, referralId: string, when: string): RecordedEvent =>
    recorded(participant(p), { type: 'ReferralExpired', data: { referralId } }, when),
};

const DAY_MS = 86_400_000;
/** The instant `days` (may be fractional) before or after `from`. */
export const daysFrom = (from: string, days: number): string => new Date(Date.parse(from) + days * DAY_MS).toISOString();

/** Deterministic uuids, so that a failing spec names the same rows each run. */
export const uuid = (prefix: number, n: number): string =>
  `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
