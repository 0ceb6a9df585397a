import { IllegalStateError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertCatalogueKeeper, checkedName } from '../organisation';
import {
  assertTrackShape,
  checkedOccupation,
  distinctIds,
  evolveTrack,
  initialTrackState,
  TrackEvent,
  TrackState,
} from '../track';
import { TRACK_KINDS, TrackKind } from '../vocabulary';

/**
 * The owner and employer organisations live in their own streams, which this decider does not read:
 * the caller checks them against the catalogue before it decides.
 */
export interface DefineTrack {
  readonly kind: 'DefineTrack';
  /** Chosen by the client, so that a retry cannot define the track twice. */
  readonly trackId: string;
  readonly name: string;
  readonly trackKind: TrackKind;
  readonly ownerOrganisationId: string;
  /** Required for a job_track, refused for any other kind. */
  readonly employerOrganisationIds?: readonly string[];
  /** An SSYK code or the occupation in words; required for a job_track. */
  readonly occupation?: string;
}

export function decideDefineTrack(command: DefineTrack, state: TrackState, context: CommandContext): TrackEvent[] {
  assertCatalogueKeeper(context, command.ownerOrganisationId, 'define a track for it');
  const name = checkedName(command.name);
  if (!(TRACK_KINDS as readonly string[]).includes(command.trackKind)) {
    throw new ValidationError('track-kind-unknown', `Unknown track kind ${command.trackKind}`, 'kind');
  }
  const employerOrganisationIds = distinctIds(command.employerOrganisationIds ?? []);
  const occupation = checkedOccupation(command.occupation);
  assertTrackShape(command.trackKind, employerOrganisationIds, occupation);
  if (state.status !== 'none') {
    throw new IllegalStateError('track-exists', `Track ${command.trackId} is already defined`);
  }
  return [
    {
      type: 'TrackDefined',
      data: {
        trackId: command.trackId,
        name,
        kind: command.trackKind,
        ownerOrganisationId: command.ownerOrganisationId,
        employerOrganisationIds,
        ...(occupation !== undefined ? { occupation } : {}),
      },
    },
  ];
}

export const defineTrackDecider: StreamDecider<DefineTrack, TrackEvent, TrackState> = {
  initialState: initialTrackState,
  evolve: evolveTrack,
  decide: decideDefineTrack,
};
