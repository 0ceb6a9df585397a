import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec } from '../testing';
import { aClosedJourney, anOpenJourney, at, byCaseworker, ids, past } from '../journey-steps.examples';
import { AssignCaseworker, assignCaseworkerDecider } from './assign-caseworker';

const spec = deciderSpec(assignCaseworkerDecider);

const assignCaseworker = (overrides: Partial<AssignCaseworker> = {}): AssignCaseworker => ({
  kind: 'AssignCaseworker',
  participantId: ids.participant,
  journeyId: ids.journey,
  caseworkerId: 'caseworker-1',
  unitId: ids.unit,
  ...overrides,
});

describe('Assigning a caseworker', () => {
  describe('When the journey is open', () => {
    it('assigns the caseworker within a unit', () => {
      spec
        .given(anOpenJourney)
        .when(assignCaseworker(), byCaseworker(at.assigned))
        .then([{ type: 'CaseworkerAssigned', data: { journeyId: ids.journey, caseworkerId: 'caseworker-1', unitId: ids.unit } }]);
    });

    it('assigns a caseworker without a unit', () => {
      spec
        .given(anOpenJourney)
        .when(assignCaseworker({ unitId: undefined }), byCaseworker(at.assigned))
        .then([{ type: 'CaseworkerAssigned', data: { journeyId: ids.journey, caseworkerId: 'caseworker-1' } }]);
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anOpenJourney)
        .when(assignCaseworker(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anOpenJourney)
        .when(assignCaseworker(), byCaseworker(at.enrolled, at.assigned))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When a caseworker is already assigned', () => {
    it('hands the journey over to another caseworker', () => {
      spec
        .given([...anOpenJourney, past.caseworkerAssigned])
        .when(assignCaseworker({ caseworkerId: 'caseworker-2' }), byCaseworker(at.enrolled))
        .then([{ type: 'CaseworkerAssigned', data: { journeyId: ids.journey, caseworkerId: 'caseworker-2', unitId: ids.unit } }]);
    });

    it('refuses to assign the same caseworker in the same unit again', () => {
      spec
        .given([...anOpenJourney, past.caseworkerAssigned])
        .when(assignCaseworker(), byCaseworker(at.enrolled))
        .thenThrows(IllegalStateError, 'caseworker-already-assigned');
    });
  });

  describe('When the journey is closed', () => {
    it('refuses to assign a caseworker', () => {
      spec
        .given(aClosedJourney)
        .when(assignCaseworker(), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to assign a caseworker', () => {
      spec
        .given(anOpenJourney)
        .when(assignCaseworker({ journeyId: ids.nextJourney }), byCaseworker(at.assigned))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to assign a caseworker', () => {
      spec.given([]).when(assignCaseworker(), byCaseworker(at.assigned)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
