import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { caseworkerOf, contextAt, deciderSpec } from '../testing';
import { aClosedJourney, anOpenJourney, aReentry, at, byCaseworker, ids, past } from '../journey-steps.examples';
import { EnrolInTrack, enrolInTrackDecider } from './enrol-in-track';

const spec = deciderSpec(enrolInTrackDecider);

const enrolInTrack = (overrides: Partial<EnrolInTrack> = {}): EnrolInTrack => ({
  kind: 'EnrolInTrack',
  participantId: ids.participant,
  journeyId: ids.journey,
  enrolmentId: ids.enrolment,
  trackId: ids.track,
  ...overrides,
});

const enrolled = (enrolmentId: string) => ({
  type: 'TrackEnrolled' as const,
  data: { journeyId: ids.journey, enrolmentId, trackId: ids.track },
});

describe('Enrolling in a track', () => {
  describe('When the journey is open without an enrolment', () => {
    it('enrols the participant', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack(), byCaseworker(at.enrolled))
        .then([enrolled(ids.enrolment)]);
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack(), byCaseworker(at.started, at.enrolled))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When an enrolment is active', () => {
    it('refuses a second enrolment until the first has ended', () => {
      spec
        .given([...anOpenJourney, past.trackEnrolled])
        .when(enrolInTrack({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.started))
        .thenThrows(IllegalStateError, 'enrolment-active');
    });

    it('refuses the same enrolment id again, so a retried command changes nothing', () => {
      spec
        .given([...anOpenJourney, past.trackEnrolled])
        .when(enrolInTrack(), byCaseworker(at.started))
        .thenThrows(IllegalStateError, 'enrolment-exists');
    });
  });

  describe('When the last enrolment has ended', () => {
    const history = [...anOpenJourney, past.trackEnrolled, past.trackEnrolmentEnded];

    it('enrols the participant in the next track', () => {
      spec
        .given(history)
        .when(enrolInTrack({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.ended))
        .then([enrolled(ids.nextEnrolment)]);
    });

    it('refuses an enrolment id used before', () => {
      spec.given(history).when(enrolInTrack(), byCaseworker(at.exit)).thenThrows(IllegalStateError, 'enrolment-exists');
    });

    it('refuses a date before the last enrolment ended', () => {
      spec
        .given(history)
        .when(enrolInTrack({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.started))
        .thenThrows(ValidationError, 'occurred-before-enrolment-ended');
    });
  });

  describe('When the enrolment id was used in an earlier journey', () => {
    it('refuses it in the new journey', () => {
      spec
        .given(aReentry)
        .when(enrolInTrack({ journeyId: ids.nextJourney }), byCaseworker(at.reentry))
        .thenThrows(IllegalStateError, 'enrolment-exists');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to enrol', () => {
      spec
        .given(aClosedJourney)
        .when(enrolInTrack({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to enrol', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack({ journeyId: ids.nextJourney }), byCaseworker(at.enrolled))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to enrol', () => {
      spec.given([]).when(enrolInTrack(), byCaseworker(at.enrolled)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the track is missing from the catalogue or retired', () => {
    it('refuses a track the catalogue does not have', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack({ trackFound: 'none' }), byCaseworker(at.enrolled))
        .thenThrows(NotFoundError, 'track-not-found');
    });

    it('refuses a retired track', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack({ trackFound: 'retired' }), byCaseworker(at.enrolled))
        .thenThrows(IllegalStateError, 'track-retired');
    });

    it('tells an organisation that may not see the participant nothing of the track, only that there is no such participant', () => {
      spec
        .given(anOpenJourney)
        .when(enrolInTrack({ trackFound: 'retired' }), contextAt(at.enrolled, caseworkerOf(ids.otherOrganisation)))
        .thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
