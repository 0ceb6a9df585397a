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
import {
  INTERRUPTION_REASONS,
  InterruptIntervention,
  InterruptionReason,
  interruptInterventionDecider,
} from './interrupt-intervention';

const spec = deciderSpec(interruptInterventionDecider);

const interruptIntervention = (overrides: Partial<InterruptIntervention> = {}): InterruptIntervention => ({
  kind: 'InterruptIntervention',
  participantId: ids.participant,
  journeyId: ids.journey,
  interventionId: ids.intervention,
  reason: 'illness',
  ...overrides,
});

describe('Interrupting an intervention', () => {
  describe('When the intervention is started', () => {
    it.each(INTERRUPTION_REASONS)('interrupts it with the reason %s', (reason) => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention({ reason }), byCaseworker(at.ended))
        .then([{ type: 'InterventionInterrupted', data: { journeyId: ids.journey, interventionId: ids.intervention, reason } }]);
    });

    it('refuses a reason outside the code list', () => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention({ reason: 'bored' as InterruptionReason }), byCaseworker(at.ended))
        .thenThrows(ValidationError, 'interruption-reason-unknown');
    });

    it('refuses a date before the intervention started', () => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention(), byCaseworker(at.planned))
        .thenThrows(ValidationError, 'occurred-before-intervention-started');
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention(), byCaseworker(at.exit, at.ended))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe.each([
    ['planned', aPlannedIntervention],
    ['completed', [...aStartedIntervention, past.interventionCompleted]],
    ['interrupted', [...aStartedIntervention, past.interventionInterrupted]],
  ])('When the intervention is %s', (status, history) => {
    it('refuses to interrupt it', () => {
      spec
        .given(history)
        .when(interruptIntervention(), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, `intervention-${status}-cannot-interrupt`);
    });
  });

  describe('When the journey has no such intervention', () => {
    it('refuses to interrupt it', () => {
      spec
        .given(aStartedIntervention)
        .when(interruptIntervention({ interventionId: ids.nextIntervention }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'intervention-not-found');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to interrupt an intervention', () => {
      spec
        .given([...aStartedIntervention, past.journeyClosedInError])
        .when(interruptIntervention(), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to interrupt an intervention', () => {
      spec
        .given(anOpenJourney)
        .when(interruptIntervention({ journeyId: ids.nextJourney }), byCaseworker(at.ended))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to interrupt an intervention', () => {
      spec.given([]).when(interruptIntervention(), byCaseworker(at.ended)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
