import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, ValidationError } from '@samspar/kernel';
import {
  adminAt,
  catalogueIds,
  otherAdminAt,
  systemAdminAt,
  defineTrack,
  trackDefined,
  trackRevised,
} from '../catalogue.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { evolveTrack, initialTrackState, TrackEvent } from '../track';
import { defineTrackDecider } from './define-track';
import { DefineTrackRequestDto } from './define-track.request.dto';

const spec = deciderSpec(defineTrackDecider);
const at = '2026-03-02T09:00:00.000Z';

describe('Defining a track', () => {
  it('records a job track with its employers and occupation', () => {
    spec.given([]).when(defineTrack.example(), adminAt(at)).then([trackDefined.example()]);
  });

  it('records a track of another kind without employers', () => {
    spec
      .given([])
      .when(
        defineTrack.example({
          name: 'SFI med praktik',
          trackKind: 'preparatory',
          employerOrganisationIds: undefined,
          occupation: undefined,
        }),
        adminAt(at),
      )
      .then([trackDefined.preparatory()]);
  });

  it('keeps an occupation on a track that is not a job track', () => {
    spec
      .given([])
      .when(
        defineTrack.example({
          name: 'Yrkesvux vård',
          trackKind: 'education',
          employerOrganisationIds: [],
          occupation: 'Undersköterska',
        }),
        adminAt(at),
      )
      .then([trackDefined.preparatory({ name: 'Yrkesvux vård', kind: 'education', occupation: 'Undersköterska' })]);
  });

  it('names an employer listed twice once', () => {
    spec
      .given([])
      .when(defineTrack.example({ employerOrganisationIds: [catalogueIds.employer, catalogueIds.employer] }), adminAt(at))
      .then([trackDefined.example()]);
  });

  it('trims the name and the occupation', () => {
    spec
      .given([])
      .when(defineTrack.example({ name: ' Jobbspår vård och omsorg ', occupation: ' 5321 ' }), adminAt(at))
      .then([trackDefined.example()]);
  });

  it('is for admins only', () => {
    spec
      .given([])
      .when(defineTrack.example(), contextAt(at, caseworkerOf(catalogueIds.organisation)))
      .thenThrows(ForbiddenError, 'admin-only');
  });

  it('lets an admin define tracks for their own organisation only, and a system admin for any', () => {
    spec.given([]).when(defineTrack.example(), otherAdminAt(at)).thenThrows(ForbiddenError, 'not-record-owner');
    spec.given([]).when(defineTrack.example(), systemAdminAt(at)).then([trackDefined.example()]);
  });

  describe('When the track is already defined', () => {
    it('refuses to define it again', () => {
      spec.given([trackDefined.example()]).when(defineTrack.example(), adminAt(at)).thenThrows(IllegalStateError, 'track-exists');
    });
  });

  it('refuses a job track without an employer', () => {
    spec
      .given([])
      .when(defineTrack.example({ employerOrganisationIds: [] }), adminAt(at))
      .thenThrows(ValidationError, 'job-track-needs-employer');
  });

  it.each([undefined, '  '])('refuses a job track with the occupation %j', (occupation) => {
    spec
      .given([])
      .when(defineTrack.example({ occupation }), adminAt(at))
      .thenThrows(ValidationError, 'job-track-needs-occupation');
  });

  it.each(['preparatory', 'education', 'employment'] as const)('refuses employers on a %s track', (trackKind) => {
    spec
      .given([])
      .when(defineTrack.example({ trackKind }), adminAt(at))
      .thenThrows(ValidationError, 'employers-only-for-job-tracks');
  });

  it('refuses a kind outside the vocabulary', () => {
    spec
      .given([])
      .when(defineTrack.example({ trackKind: 'apprenticeship' as never }), adminAt(at))
      .thenThrows(ValidationError, 'track-kind-unknown');
  });

  it('refuses a blank name', () => {
    spec
      .given([])
      .when(defineTrack.example({ name: '' }), adminAt(at))
      .thenThrows(ValidationError, 'name-length');
  });

  it('refuses an occupation over 200 characters', () => {
    spec
      .given([])
      .when(defineTrack.example({ occupation: 'x'.repeat(201) }), adminAt(at))
      .thenThrows(ValidationError, 'occupation-length');
  });
});

describe('The track stream', () => {
  it('folds a definition and a revision, dated when they happened', () => {
    const state = [
      happened<TrackEvent>(trackDefined.example(), '2026-01-10T08:00:00.000Z'),
      happened<TrackEvent>(trackRevised.example({ occupation: '5322' }), '2026-02-01T08:00:00.000Z'),
    ].reduce(evolveTrack, initialTrackState);
    expect(state).toEqual({
      status: 'active',
      ...trackDefined.example({ occupation: '5322' }).data,
      definedAt: '2026-01-10T08:00:00.000Z',
      revisedAt: '2026-02-01T08:00:00.000Z',
    });
  });

  it('ignores event types it does not know', () => {
    const defined = evolveTrack(initialTrackState, happened(trackDefined.example(), at));
    const unknown = happened({ type: 'TrackRenamed', data: { name: 'x' } } as unknown as TrackEvent, at);
    expect(evolveTrack(defined, unknown)).toBe(defined);
  });
});

describe('The request to define a track', () => {
  const valid = {
    trackId: catalogueIds.track,
    name: 'Jobbspår vård och omsorg',
    kind: 'job_track',
    ownerOrganisationId: catalogueIds.organisation,
    employerOrganisationIds: [catalogueIds.employer],
    occupation: '5321',
  };
  const failedFields = (body: object) =>
    validateSync(plainToInstance(DefineTrackRequestDto, body)).map((error) => error.property);

  it('becomes a command', () => {
    expect(failedFields(valid)).toEqual([]);
    expect(plainToInstance(DefineTrackRequestDto, valid).toCommand()).toEqual(defineTrack.example());
  });

  it('leaves employers and occupation out when they are not given', () => {
    const { employerOrganisationIds: _e, occupation: _o, ...preparatory } = { ...valid, kind: 'preparatory' };
    expect(failedFields(preparatory)).toEqual([]);
    expect(plainToInstance(DefineTrackRequestDto, preparatory).toCommand()).toEqual({
      kind: 'DefineTrack',
      trackId: catalogueIds.track,
      name: 'Jobbspår vård och omsorg',
      trackKind: 'preparatory',
      ownerOrganisationId: catalogueIds.organisation,
    });
  });

  it.each([
    ['trackId', { trackId: 'not-a-uuid' }],
    ['kind', { kind: 'apprenticeship' }],
    ['ownerOrganisationId', { ownerOrganisationId: '' }],
    ['employerOrganisationIds', { employerOrganisationIds: ['not-a-uuid'] }],
    ['employerOrganisationIds', { employerOrganisationIds: [catalogueIds.employer, catalogueIds.employer] }],
    ['occupation', { occupation: '' }],
    ['occurredAt', { occurredAt: '2026-03-01' }],
  ])('refuses a bad %s', (field, change) => {
    expect(failedFields({ ...valid, ...change })).toEqual([field]);
  });
});
