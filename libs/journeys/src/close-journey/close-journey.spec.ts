import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec } from '../testing';
import { CLOSING_REASONS, ClosingReason } from '../vocabulary';
import {
  aClosedJourney,
  anOpenJourney,
  aPlannedIntervention,
  aStartedIntervention,
  at,
  byCaseworker,
  ids,
  past,
} from '../journey-steps.examples';
import { CLOSES_REGARDLESS, CloseJourney, closeJourneyDecider } from './close-journey';

const spec = deciderSpec(closeJourneyDecider);

const closeJourney = (overrides: Partial<CloseJourney> = {}): CloseJourney => ({
  kind: 'CloseJourney',
  participantId: ids.participant,
  journeyId: ids.journey,
  reason: 'work',
  ...overrides,
});

const closed = (reason: ClosingReason) => ({ type: 'JourneyClosed' as const, data: { journeyId: ids.journey, reason } });

const ORDINARY_REASONS = CLOSING_REASONS.filter((reason) => !CLOSES_REGARDLESS.includes(reason));

describe('Closing a journey', () => {
  describe('When the journey is open with nothing running', () => {
    it.each(CLOSING_REASONS)('closes it with the reason %s', (reason) => {
      spec
        .given(anOpenJourney)
        .when(closeJourney({ reason }), byCaseworker(at.closed))
        .then([closed(reason)]);
    });

    it('closes it after its track and intervention have ended', () => {
      spec
        .given([...aStartedIntervention, past.interventionCompleted, past.trackEnrolmentEnded, past.exitStatusRecorded])
        .when(closeJourney(), byCaseworker(at.closed))
        .then([closed('work')]);
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anOpenJourney)
        .when(closeJourney(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anOpenJourney)
        .when(closeJourney(), byCaseworker(at.closed, at.exit))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When a track enrolment is active', () => {
    it.each(ORDINARY_REASONS)('refuses to close with the reason %s', (reason) => {
      spec
        .given([...anOpenJourney, past.trackEnrolled])
        .when(closeJourney({ reason }), byCaseworker(at.closed))
        .thenThrows(IllegalStateError, 'enrolment-active');
    });

    it.each(CLOSES_REGARDLESS)('closes it with the reason %s', (reason) => {
      spec
        .given([...anOpenJourney, past.trackEnrolled])
        .when(closeJourney({ reason }), byCaseworker(at.closed))
        .then([closed(reason)]);
    });
  });

  describe('When an intervention is started', () => {
    // The enrolment has ended, so only the intervention stands in the way.
    const history = [...aStartedIntervention, past.trackEnrolmentEnded];

    it.each(ORDINARY_REASONS)('refuses to close with the reason %s', (reason) => {
      spec
        .given(history)
        .when(closeJourney({ reason }), byCaseworker(at.closed))
        .thenThrows(IllegalStateError, 'intervention-ongoing');
    });

    it.each(CLOSES_REGARDLESS)('closes it with the reason %s', (reason) => {
      spec
        .given(history)
        .when(closeJourney({ reason }), byCaseworker(at.closed))
        .then([closed(reason)]);
    });
  });

  describe('When an intervention is only planned', () => {
    it('closes the journey; the plan is simply not carried out', () => {
      spec
        .given([...aPlannedIntervention, past.trackEnrolmentEnded])
        .when(closeJourney({ reason: 'moved' }), byCaseworker(at.closed))
        .then([closed('moved')]);
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to close it again', () => {
      spec.given(aClosedJourney).when(closeJourney(), byCaseworker(at.followUp)).thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to close it', () => {
      spec
        .given(anOpenJourney)
        .when(closeJourney({ journeyId: ids.nextJourney }), byCaseworker(at.closed))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to close a journey', () => {
      spec.given([]).when(closeJourney(), byCaseworker(at.closed)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
