import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  adminAt,
  catalogueIds,
  retireTrack,
  trackDefined,
  trackRetired,
  trackRevised,
  otherAdminAt,
  systemAdminAt,
} from '../catalogue.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { evolveTrack, initialTrackState, isEnrollable, TrackEvent } from '../track';
import { retireTrackDecider } from './retire-track';
import { RetireTrackRequestDto } from './retire-track.request.dto';

const spec = deciderSpec(retireTrackDecider);
const at = '2026-03-02T09:00:00.000Z';

describe('Retiring a track', () => {
  it('records the retirement with its reason', () => {
    spec.given([trackDefined.example()]).when(retireTrack.example(), adminAt(at)).then([trackRetired.example()]);
  });

  it('records a retirement without a reason', () => {
    spec
      .given([trackDefined.example()])
      .when(retireTrack.example({ reason: undefined }), adminAt(at))
      .then([trackRetired.example({})]);
  });

  it('is for admins only', () => {
    spec
      .given([trackDefined.example()])
      .when(retireTrack.example(), contextAt(at, caseworkerOf(catalogueIds.organisation)))
      .thenThrows(ForbiddenError, 'admin-only');
  });

  it('refuses an admin of another organisation with 403 not-record-owner, and lets a system admin act', () => {
    spec
      .given([trackDefined.example()])
      .when(retireTrack.example(), otherAdminAt(at))
      .thenThrows(ForbiddenError, 'not-record-owner');
    expect(spec.given([trackDefined.example()]).when(retireTrack.example(), systemAdminAt(at)).events()).toHaveLength(1);
  });

  it.each(['Anna lämnade', 'funding-ended', '', 'x'.repeat(51)])('refuses the reason %j, which is not a code', (reason) => {
    spec
      .given([trackDefined.example()])
      .when(retireTrack.example({ reason }), adminAt(at))
      .thenThrows(ValidationError, 'retire-reason-invalid');
  });

  describe('When the track is not defined', () => {
    it('refuses to retire it', () => {
      spec.given([]).when(retireTrack.example(), adminAt(at)).thenThrows(NotFoundError, 'track-not-found');
    });
  });

  describe('When the track was already retired', () => {
    it('refuses to retire it again', () => {
      spec
        .given([trackDefined.example(), trackRetired.example()])
        .when(retireTrack.example(), adminAt(at))
        .thenThrows(IllegalStateError, 'track-retired');
    });
  });
});

describe('Whether a track takes new enrolments', () => {
  const fold = (events: TrackEvent[]) => events.map((event) => happened(event, at)).reduce(evolveTrack, initialTrackState);

  it('takes them while the track is active, also after a revision', () => {
    expect(isEnrollable(fold([trackDefined.example()]))).toBe(true);
    expect(isEnrollable(fold([trackDefined.example(), trackRevised.example()]))).toBe(true);
  });

  it('takes none once the track is retired', () => {
    const retired = fold([trackDefined.example(), trackRetired.example()]);
    expect(retired).toMatchObject({
      status: 'retired',
      retiredAt: at,
      retireReason: 'funding_ended',
      name: 'Jobbspår vård och omsorg',
    });
    expect(isEnrollable(retired)).toBe(false);
  });

  it('takes none for a track that is not defined', () => {
    expect(isEnrollable(initialTrackState)).toBe(false);
  });

  it('stays retired, as it was, whatever follows', () => {
    const retired = fold([trackDefined.example(), trackRetired.example()]);
    const after = fold([trackDefined.example(), trackRetired.example(), trackRevised.example(), trackRetired.example({})]);
    expect(after).toEqual(retired);
    expect(isEnrollable(after)).toBe(false);
  });

  it('ignores steps recorded before the track was defined', () => {
    expect(fold([trackRevised.example(), trackRetired.example()])).toEqual(initialTrackState);
  });
});

describe('The request to retire a track', () => {
  const failedFields = (body: object) =>
    validateSync(plainToInstance(RetireTrackRequestDto, body)).map((error) => error.property);

  it('becomes a command for the track in the path', () => {
    expect(failedFields({ reason: 'funding_ended' })).toEqual([]);
    expect(plainToInstance(RetireTrackRequestDto, { reason: 'funding_ended' }).toCommand(catalogueIds.track)).toEqual(
      retireTrack.example(),
    );
    expect(plainToInstance(RetireTrackRequestDto, {}).toCommand(catalogueIds.track)).toEqual({
      kind: 'RetireTrack',
      trackId: catalogueIds.track,
    });
  });

  it.each([
    ['reason', { reason: 'Anna lämnade' }],
    ['occurredAt', { occurredAt: 'yesterday' }],
  ])('refuses a bad %s', (field, body) => {
    expect(failedFields(body)).toEqual([field]);
  });
});
