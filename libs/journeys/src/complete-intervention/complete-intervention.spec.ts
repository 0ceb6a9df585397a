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
import { CompleteIntervention, completeInterventionDecider } from './complete-intervention';

const spec = deciderSpec(completeInterventionDecider);

const completeIntervention = (overrides: Partial<CompleteIntervention> = {}): CompleteIntervention => ({
  kind: 'CompleteIntervention',
  participantId: ids.participant,
  journeyId: ids.journey,
  interventionId: ids.intervention,
  ...overrides,
});

describe('Completing an intervention', () => {
  describe('When the intervention is started', () => {
    it('completes it', () => {
      spec
        .given(aStartedIntervention)
        .when(completeIntervention(), byCaseworker(at.ended))
        .then([{ type: 'InterventionCompleted', data: { journeyId: ids.journey, interventionId: ids.intervention } }]);
    });

    it('refuses a date before the intervention started', () => {
      spec
        .given(aStartedIntervention)
        .when(completeIntervention(), byCaseworker(at.planned))
        .thenThrows(ValidationError, 'occurred-before-intervention-started');
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(aStartedIntervention)
        .when(completeIntervention(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(aStartedIntervention)
        .when(completeIntervention(), byCaseworker(at.exit, at.ended))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe.each([
    ['planned', aPlannedIntervention],
    ['completed', [...aStartedIntervention, past.interventionCompleted]],
    ['interrupted', [...aStartedIntervention, past.interventionInterrupted]],
  ])('When the intervention is %s', (status, history) => {
    it('refuses to complete it', () => {
      spec
        .given(history)
        .when(completeIntervention(), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, `intervention-${status}-cannot-complete`);
    });
  });

  describe('When the journey has no such intervention', () => {
    it('refuses to complete it', () => {
      spec
        .given(aStartedIntervention)
        .when(completeIntervention({ interventionId: ids.nextIntervention }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'intervention-not-found');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to complete an intervention', () => {
      spec
        .given([...aStartedIntervention, past.journeyClosedInError])
        .when(completeIntervention(), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to complete an intervention', () => {
      spec
        .given(anOpenJourney)
        .when(completeIntervention({ journeyId: ids.nextJourney }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to complete an intervention', () => {
      spec.given([]).when(completeIntervention(), byCaseworker(at.ended)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
