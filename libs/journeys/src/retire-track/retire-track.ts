import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertAdmin, assertCatalogueKeeper } from '../organisation';
import { evolveTrack, initialTrackState, TrackEvent, TrackState } from '../track';

/** Retired tracks stay in the catalogue for history and reports; enrolment checks `isEnrollable`. */
export interface RetireTrack {
  readonly kind: 'RetireTrack';
  readonly trackId: string;
  /** A code such as `funding_ended`, never free text, so that no personal data reaches the event. */
  readonly reason?: string;
}

export const RETIRE_REASON = /^[a-z][a-z0-9_]{0,49}$/;

export function decideRetireTrack(command: RetireTrack, state: TrackState, context: CommandContext): TrackEvent[] {
  assertAdmin(context, 'retire a track');
  if (command.reason !== undefined && !RETIRE_REASON.test(command.reason)) {
    throw new ValidationError('retire-reason-invalid', 'reason is a code of lower-case letters, digits and _', 'reason');
  }
  if (state.status === 'none') throw new NotFoundError('track-not-found', `Track ${command.trackId} is not defined`);
  assertCatalogueKeeper(context, state.ownerOrganisationId, 'retire its tracks');
  if (state.status === 'retired') throw new IllegalStateError('track-retired', `Track ${command.trackId} is already retired`);
  return [{ type: 'TrackRetired', data: command.reason !== undefined ? { reason: command.reason } : {} }];
}

export const retireTrackDecider: StreamDecider<RetireTrack, TrackEvent, TrackState> = {
  initialState: initialTrackState,
  evolve: evolveTrack,
  decide: decideRetireTrack,
};
