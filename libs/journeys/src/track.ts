import { ValidationError } from '@samspar/kernel';
import { StampedEvent } from './participant';
import { TrackKind } from './vocabulary';

/** One stream per track in the region's catalogue. */
export const trackStreamName = (trackId: string): string => `track-${trackId}`;
export const TRACK_CATEGORY = 'track';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type TrackEvent =
  | Event<
      'TrackDefined',
      {
        trackId: string;
        name: string;
        kind: TrackKind;
        ownerOrganisationId: string;
        /** Only a job_track names employers. */
        employerOrganisationIds: string[];
        /** An SSYK code or the occupation in words. */
        occupation?: string;
      }
    >
  /** Holds only what changed. */
  | Event<'TrackRevised', { name?: string; employerOrganisationIds?: string[]; occupation?: string }>
  /** The reason is a code, never free text, so that no personal data reaches the event. */
  | Event<'TrackRetired', { reason?: string }>;

export type TrackEventType = TrackEvent['type'];

export interface TrackDetails {
  readonly trackId: string;
  readonly name: string;
  readonly kind: TrackKind;
  readonly ownerOrganisationId: string;
  readonly employerOrganisationIds: readonly string[];
  readonly occupation?: string;
  readonly definedAt: string;
  readonly revisedAt?: string;
}

export type TrackState =
  | { readonly status: 'none' }
  | ({ readonly status: 'active' } & TrackDetails)
  | ({ readonly status: 'retired'; readonly retiredAt: string; readonly retireReason?: string } & TrackDetails);

export type ActiveTrack = Extract<TrackState, { status: 'active' }>;

export const initialTrackState: TrackState = { status: 'none' };

export function evolveTrack(state: TrackState, event: StampedEvent<TrackEvent>): TrackState {
  switch (event.type) {
    case 'TrackDefined':
      return { status: 'active', ...event.data, definedAt: event.occurredAt };
    case 'TrackRevised': {
      if (state.status !== 'active') return state;
      const { name, employerOrganisationIds, occupation } = event.data;
      return {
        ...state,
        ...(name !== undefined ? { name } : {}),
        ...(employerOrganisationIds !== undefined ? { employerOrganisationIds } : {}),
        ...(occupation !== undefined ? { occupation } : {}),
        revisedAt: event.occurredAt,
      };
    }
    case 'TrackRetired':
      if (state.status !== 'active') return state;
      return {
        ...state,
        status: 'retired',
        retiredAt: event.occurredAt,
        ...(event.data.reason !== undefined ? { retireReason: event.data.reason } : {}),
      };
    default: {
      // Unknown types are ignored, so that old code folds newer streams.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** A retired track stays in the catalogue for history and reports, but takes no new enrolments. */
export const isEnrollable = (state: TrackState): state is ActiveTrack => state.status === 'active';

export const OCCUPATION_MAX_LENGTH = 200;
/** Enough for any jobbspår in the region; the request refuses a longer list as a mistake. */
export const MAX_EMPLOYERS = 50;

/** A lokalt jobbspår leads to work with named employers in a named occupation; no other kind has employers. */
export function assertTrackShape(kind: TrackKind, employerOrganisationIds: readonly string[], occupation?: string): void {
  if (kind === 'job_track') {
    if (employerOrganisationIds.length === 0) {
      throw new ValidationError(
        'job-track-needs-employer',
        'A job track names at least one employer organisation',
        'employerOrganisationIds',
      );
    }
    if (occupation === undefined) {
      throw new ValidationError('job-track-needs-occupation', 'A job track names an occupation', 'occupation');
    }
  } else if (employerOrganisationIds.length > 0) {
    throw new ValidationError(
      'employers-only-for-job-tracks',
      'Only a job track names employer organisations',
      'employerOrganisationIds',
    );
  }
}

/** Trimmed; blank counts as not given. */
export function checkedOccupation(occupation: string | undefined): string | undefined {
  const trimmed = occupation?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > OCCUPATION_MAX_LENGTH) {
    throw new ValidationError(
      'occupation-length',
      `occupation must be at most ${OCCUPATION_MAX_LENGTH} characters`,
      'occupation',
    );
  }
  return trimmed;
}

/** An employer named twice is still one employer. */
export const distinctIds = (ids: readonly string[]): string[] => [...new Set(ids)];
