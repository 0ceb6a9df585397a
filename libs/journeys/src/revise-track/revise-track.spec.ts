import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  adminAt,
  catalogueIds,
  reviseTrack,
  trackDefined,
  trackRetired,
  trackRevised,
  otherAdminAt,
  systemAdminAt,
} from '../catalogue.examples';
import { caseworkerOf, contextAt, deciderSpec } from '../testing';
import { reviseTrackDecider } from './revise-track';
import { ReviseTrackRequestDto } from './revise-track.request.dto';

const spec = deciderSpec(reviseTrackDecider);
const at = '2026-03-02T09:00:00.000Z';
const { employer, otherEmployer } = catalogueIds;

describe('Revising a track', () => {
  it('records the new name', () => {
    spec
      .given([trackDefined.example()])
      .when(reviseTrack.example({ name: 'Jobbspår äldreomsorg' }), adminAt(at))
      .then([trackRevised.example({ name: 'Jobbspår äldreomsorg' })]);
  });

  it('records only what changed', () => {
    spec
      .given([trackDefined.example()])
      .when(
        reviseTrack.example({
          name: 'Jobbspår vård och omsorg',
          employerOrganisationIds: [employer, otherEmployer],
          occupation: '5321',
        }),
        adminAt(at),
      )
      .then([trackRevised.example({ employerOrganisationIds: [employer, otherEmployer] })]);
  });

  it('judges a revision against the track as earlier revisions left it', () => {
    spec
      .given([trackDefined.example(), trackRevised.example({ occupation: '5322' })])
      .when(reviseTrack.example({ occupation: '5321' }), adminAt(at))
      .then([trackRevised.example({ occupation: '5321' })]);
  });

  it('is for admins only', () => {
    spec
      .given([trackDefined.example()])
      .when(reviseTrack.example(), contextAt(at, caseworkerOf(catalogueIds.organisation)))
      .thenThrows(ForbiddenError, 'admin-only');
  });

  it('refuses an admin of another organisation with 403 not-record-owner, and lets a system admin act', () => {
    spec
      .given([trackDefined.example()])
      .when(reviseTrack.example(), otherAdminAt(at))
      .thenThrows(ForbiddenError, 'not-record-owner');
    expect(spec.given([trackDefined.example()]).when(reviseTrack.example(), systemAdminAt(at)).events()).toHaveLength(1);
  });

  describe('When the track is not defined', () => {
    it('refuses the revision', () => {
      spec.given([]).when(reviseTrack.example(), adminAt(at)).thenThrows(NotFoundError, 'track-not-found');
    });
  });

  describe('When the track was retired', () => {
    it('refuses the revision', () => {
      spec
        .given([trackDefined.example(), trackRetired.example()])
        .when(reviseTrack.example(), adminAt(at))
        .thenThrows(IllegalStateError, 'track-retired');
    });
  });

  describe('When nothing would change', () => {
    it('refuses a revision that names no field', () => {
      spec
        .given([trackDefined.example()])
        .when(reviseTrack.example({}), adminAt(at))
        .thenThrows(ValidationError, 'nothing-to-revise');
    });

    it.each([
      ['the same name', { name: ' Jobbspår vård och omsorg ' }],
      ['the same employers, listed again', { employerOrganisationIds: [employer, employer] }],
      ['the same occupation', { occupation: '5321' }],
      ['a blank occupation', { occupation: ' ' }],
    ])('refuses %s', (_what, changes) => {
      spec
        .given([trackDefined.example({ employerOrganisationIds: [employer] })])
        .when(reviseTrack.example(changes), adminAt(at))
        .thenThrows(IllegalStateError, 'nothing-to-revise');
    });

    it('treats employers in another order as the same employers', () => {
      spec
        .given([trackDefined.example({ employerOrganisationIds: [employer, otherEmployer] })])
        .when(reviseTrack.example({ employerOrganisationIds: [otherEmployer, employer] }), adminAt(at))
        .thenThrows(IllegalStateError, 'nothing-to-revise');
    });
  });

  describe('The job track rules still hold after the revision', () => {
    it('refuses to take the last employer off a job track', () => {
      spec
        .given([trackDefined.example()])
        .when(reviseTrack.example({ employerOrganisationIds: [] }), adminAt(at))
        .thenThrows(ValidationError, 'job-track-needs-employer');
    });

    it('refuses to give employers to a track of another kind', () => {
      spec
        .given([trackDefined.preparatory()])
        .when(reviseTrack.example({ employerOrganisationIds: [employer] }), adminAt(at))
        .thenThrows(ValidationError, 'employers-only-for-job-tracks');
    });

    it('lets a track of another kind take an occupation', () => {
      spec
        .given([trackDefined.preparatory()])
        .when(reviseTrack.example({ occupation: '5321' }), adminAt(at))
        .then([trackRevised.example({ occupation: '5321' })]);
    });
  });

  it('refuses a blank name', () => {
    spec
      .given([trackDefined.example()])
      .when(reviseTrack.example({ name: '  ' }), adminAt(at))
      .thenThrows(ValidationError, 'name-length');
  });
});

describe('The request to revise a track', () => {
  const failedFields = (body: object) =>
    validateSync(plainToInstance(ReviseTrackRequestDto, body)).map((error) => error.property);

  it('becomes a command for the track in the path, naming only the fields given', () => {
    const body = { employerOrganisationIds: [employer, otherEmployer] };
    expect(failedFields(body)).toEqual([]);
    expect(plainToInstance(ReviseTrackRequestDto, body).toCommand(catalogueIds.track)).toEqual(
      reviseTrack.example({ employerOrganisationIds: [employer, otherEmployer] }),
    );
  });

  it.each([
    ['name', { name: '' }],
    ['employerOrganisationIds', { employerOrganisationIds: 'not-a-list' }],
    ['occupation', { occupation: 5321 }],
    ['occurredAt', { occurredAt: '2026-03-01T10:00' }],
  ])('refuses a bad %s', (field, body) => {
    expect(failedFields(body)).toEqual([field]);
  });
});
