import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec } from '../testing';
import {
  anOpenJourney,
  aPlannedIntervention,
  aStartedIntervention,
  at,
  byCaseworker,
  ids,
  past,
} from '../journey-steps.examples';
import { StartIntervention, startInterventionDecider } from './start-intervention';

const spec = deciderSpec(startInterventionDecider);

const startIntervention = (overrides: Partial<StartIntervention> = {}): StartIntervention => ({
  kind: 'StartIntervention',
  participantId: ids.participant,
  journeyId: ids.journey,
  interventionId: ids.intervention,
  ...overrides,
});

describe('Starting an intervention', () => {
  describe('When the intervention is planned', () => {
    it('starts it', () => {
      spec
        .given(aPlannedIntervention)
        .when(startIntervention(), byCaseworker(at.started))
        .then([{ type: 'InterventionStarted', data: { journeyId: ids.journey, interventionId: ids.intervention } }]);
    });

    it('starts it after its track enrolment has ended, since the plan stands', () => {
      spec
        .given([...aPlannedIntervention, past.trackEnrolmentEnded])
        .when(startIntervention(), byCaseworker(at.exit))
        .then([{ type: 'InterventionStarted', data: { journeyId: ids.journey, interventionId: ids.intervention } }]);
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(aPlannedIntervention)
        .when(startIntervention(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(aPlannedIntervention)
        .when(startIntervention(), byCaseworker(at.ended, at.started))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe.each([
    ['started', aStartedIntervention],
    ['completed', [...aStartedIntervention, past.interventionCompleted]],
    ['interrupted', [...aStartedIntervention, past.interventionInterrupted]],
  ])('When the intervention is %s', (status, history) => {
    it('refuses to start it', () => {
      spec
        .given(history)
        .when(startIntervention(), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, `intervention-${status}-cannot-start`);
    });
  });

  describe('When the journey has no such intervention', () => {
    it('refuses to start it', () => {
      spec
        .given(aPlannedIntervention)
        .when(startIntervention({ interventionId: ids.nextIntervention }), byCaseworker(at.started))
        .thenThrows(NotFoundError, 'intervention-not-found');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to start an intervention', () => {
      spec
        .given([...aPlannedIntervention, past.journeyClosedInError])
        .when(startIntervention(), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to start an intervention', () => {
      spec
        .given(anOpenJourney)
        .when(startIntervention({ journeyId: ids.nextJourney }), byCaseworker(at.started))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to start an intervention', () => {
      spec.given([]).when(startIntervention(), byCaseworker(at.started)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
