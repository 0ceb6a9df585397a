import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec } from '../testing';
import {
  aClosedJourney,
  anOpenJourney,
  aPlannedIntervention,
  aReentry,
  at,
  byCaseworker,
  ids,
  past,
} from '../journey-steps.examples';
import { PlanIntervention, planInterventionDecider } from './plan-intervention';

const spec = deciderSpec(planInterventionDecider);

const planIntervention = (overrides: Partial<PlanIntervention> = {}): PlanIntervention => ({
  kind: 'PlanIntervention',
  participantId: ids.participant,
  journeyId: ids.journey,
  interventionId: ids.intervention,
  type: 'arbetstraning',
  providerOrganisationId: ids.provider,
  enrolmentId: ids.enrolment,
  ...overrides,
});

const anActiveEnrolment = [...anOpenJourney, past.trackEnrolled];

describe('Planning an intervention', () => {
  describe('When the journey has an active enrolment', () => {
    it('plans the intervention within the track, with a provider in another municipality', () => {
      spec
        .given(anActiveEnrolment)
        .when(planIntervention(), byCaseworker(at.planned))
        .then([
          {
            type: 'InterventionPlanned',
            data: {
              journeyId: ids.journey,
              interventionId: ids.intervention,
              type: 'arbetstraning',
              providerOrganisationId: ids.provider,
              enrolmentId: ids.enrolment,
            },
          },
        ]);
    });

    it('refuses an enrolment the journey does not have', () => {
      spec
        .given(anActiveEnrolment)
        .when(planIntervention({ enrolmentId: ids.nextEnrolment }), byCaseworker(at.planned))
        .thenThrows(NotFoundError, 'enrolment-not-found');
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anActiveEnrolment)
        .when(planIntervention(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anActiveEnrolment)
        .when(planIntervention(), byCaseworker(at.started, at.planned))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the journey has no enrolment', () => {
    it('plans an intervention outside any track', () => {
      spec
        .given(anOpenJourney)
        .when(planIntervention({ type: 'vagledning', enrolmentId: undefined }), byCaseworker(at.planned))
        .then([
          {
            type: 'InterventionPlanned',
            data: {
              journeyId: ids.journey,
              interventionId: ids.intervention,
              type: 'vagledning',
              providerOrganisationId: ids.provider,
            },
          },
        ]);
    });
  });

  describe('When the named enrolment has ended', () => {
    it('refuses to plan under it', () => {
      spec
        .given([...anActiveEnrolment, past.trackEnrolmentEnded])
        .when(planIntervention(), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, 'enrolment-not-active');
    });
  });

  describe('When the intervention id is taken', () => {
    it('refuses to plan it again, so a retried command changes nothing', () => {
      spec
        .given(aPlannedIntervention)
        .when(planIntervention(), byCaseworker(at.started))
        .thenThrows(IllegalStateError, 'intervention-exists');
    });

    it('refuses an id used in an earlier journey', () => {
      spec
        .given(aReentry)
        .when(planIntervention({ journeyId: ids.nextJourney, enrolmentId: undefined }), byCaseworker(at.reentry))
        .thenThrows(IllegalStateError, 'intervention-exists');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to plan an intervention', () => {
      spec
        .given(aClosedJourney)
        .when(planIntervention({ interventionId: ids.nextIntervention, enrolmentId: undefined }), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to plan an intervention', () => {
      spec
        .given(anActiveEnrolment)
        .when(planIntervention({ journeyId: ids.nextJourney }), byCaseworker(at.planned))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to plan an intervention', () => {
      spec.given([]).when(planIntervention(), byCaseworker(at.planned)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
