import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec } from '../testing';
import { aClosedJourney, anOpenJourney, at, byCaseworker, ids, past } from '../journey-steps.examples';
import { EndTrackEnrolment, endTrackEnrolmentDecider } from './end-track-enrolment';

const spec = deciderSpec(endTrackEnrolmentDecider);

const endTrackEnrolment = (overrides: Partial<EndTrackEnrolment> = {}): EndTrackEnrolment => ({
  kind: 'EndTrackEnrolment',
  participantId: ids.participant,
  journeyId: ids.journey,
  enrolmentId: ids.enrolment,
  ...overrides,
});

const anActiveEnrolment = [...anOpenJourney, past.trackEnrolled];

describe('Ending a track enrolment', () => {
  describe('When the enrolment is active', () => {
    it('ends it', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment(), byCaseworker(at.ended))
        .then([{ type: 'TrackEnrolmentEnded', data: { journeyId: ids.journey, enrolmentId: ids.enrolment } }]);
    });

    it('refuses a date before the enrolment started', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment(), byCaseworker(at.assigned))
        .thenThrows(ValidationError, 'occurred-before-enrolment-started');
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment(), byCaseworker(at.exit, at.ended))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the enrolment has already ended', () => {
    it('refuses to end it again', () => {
      spec
        .given([...anActiveEnrolment, past.trackEnrolmentEnded])
        .when(endTrackEnrolment(), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, 'enrolment-not-active');
    });
  });

  describe('When the journey has no such enrolment', () => {
    it('refuses to end it', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'enrolment-not-found');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to end an enrolment', () => {
      spec
        .given(aClosedJourney)
        .when(endTrackEnrolment(), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to end an enrolment', () => {
      spec
        .given(anActiveEnrolment)
        .when(endTrackEnrolment({ journeyId: ids.nextJourney }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to end an enrolment', () => {
      spec.given([]).when(endTrackEnrolment(), byCaseworker(at.ended)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
