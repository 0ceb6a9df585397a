import type { EventStore } from '@samspar/event-store';
import { NotFoundError } from '@samspar/kernel';
import { loadStream } from './command-handling';
import {
  OrganisationEvent,
  OrganisationState,
  evolveOrganisation,
  initialOrganisationState,
  organisationStreamName,
} from './organisation';
import { TrackEvent, TrackState, evolveTrack, initialTrackState, trackStreamName } from './track';

export async function loadOrganisation(store: EventStore, organisationId: string) {
  return loadStream<OrganisationEvent, OrganisationState>(store, organisationStreamName(organisationId), {
    initialState: initialOrganisationState,
    evolve: evolveOrganisation,
  });
}

export async function loadTrack(store: EventStore, trackId: string) {
  return loadStream<TrackEvent, TrackState>(store, trackStreamName(trackId), {
    initialState: initialTrackState,
    evolve: evolveTrack,
  });
}

/** The catalogue must know every organisation a command names. */
export async function assertOrganisationsExist(store: EventStore, ids: ReadonlyArray<readonly [string, string]>): Promise<void> {
  for (const [field, id] of ids) {
    const { state } = await loadOrganisation(store, id);
    if (state.status !== 'registered') {
      throw new NotFoundError('organisation-not-found', `No organisation ${id} is registered in the catalogue`, field);
    }
  }
}
