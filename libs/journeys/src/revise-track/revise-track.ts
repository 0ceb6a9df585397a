import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertAdmin, assertCatalogueKeeper, checkedName } from '../organisation';
import {
  assertTrackShape,
  checkedOccupation,
  distinctIds,
  evolveTrack,
  initialTrackState,
  TrackEvent,
  TrackState,
} from '../track';

/**
 * Names only what is to change. The kind and the owner never change: a different kind is a different track.
 * New employers are checked against the catalogue by the caller, as when the track was defined.
 */
export interface ReviseTrack {
  readonly kind: 'ReviseTrack';
  readonly trackId: string;
  readonly name?: string;
  /** The whole new list, not an addition to it. */
  readonly employerOrganisationIds?: readonly string[];
  readonly occupation?: string;
}

type Revision = Extract<TrackEvent, { type: 'TrackRevised' }>['data'];

const sameIds = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

export function decideReviseTrack(command: ReviseTrack, state: TrackState, context: CommandContext): TrackEvent[] {
  assertAdmin(context, 'revise a track');
  if (state.status === 'none') throw new NotFoundError('track-not-found', `Track ${command.trackId} is not defined`);
  assertCatalogueKeeper(context, state.ownerOrganisationId, 'revise its tracks');
  if (state.status === 'retired') throw new IllegalStateError('track-retired', `Track ${command.trackId} is retired`);
  if (command.name === undefined && command.employerOrganisationIds === undefined && command.occupation === undefined) {
    throw new ValidationError('nothing-to-revise', 'A revision names at least one of name, employerOrganisationIds, occupation');
  }

  const revision: Revision = {};
  if (command.name !== undefined) {
    const name = checkedName(command.name);
    if (name !== state.name) revision.name = name;
  }
  if (command.employerOrganisationIds !== undefined) {
    const employerOrganisationIds = distinctIds(command.employerOrganisationIds);
    if (!sameIds(employerOrganisationIds, state.employerOrganisationIds))
      revision.employerOrganisationIds = employerOrganisationIds;
  }
  const occupation = checkedOccupation(command.occupation);
  if (occupation !== undefined && occupation !== state.occupation) revision.occupation = occupation;

  if (Object.keys(revision).length === 0) {
    throw new IllegalStateError('nothing-to-revise', 'The revision changes nothing on the track');
  }
  assertTrackShape(
    state.kind,
    revision.employerOrganisationIds ?? state.employerOrganisationIds,
    revision.occupation ?? state.occupation,
  );
  return [{ type: 'TrackRevised', data: revision }];
}

export const reviseTrackDecider: StreamDecider<ReviseTrack, TrackEvent, TrackState> = {
  initialState: initialTrackState,
  evolve: evolveTrack,
  decide: decideReviseTrack,
};
