import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { contextAt, deciderSpec } from '../testing';
import { aClosedJourney, anOpenJourney, at, byCaseworker, ids, past } from '../journey-steps.examples';
import { OpenJourney, openJourneyDecider } from './open-journey';

const spec = deciderSpec(openJourneyDecider);

const openJourney = (overrides: Partial<OpenJourney> = {}): OpenJourney => ({
  kind: 'OpenJourney',
  participantId: ids.participant,
  journeyId: ids.journey,
  ...overrides,
});

describe('Opening a journey', () => {
  describe('When the participant is registered and has no journey', () => {
    it('opens the journey for the actor’s organisation', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney(), byCaseworker(at.opened))
        .then([{ type: 'JourneyOpened', data: { journeyId: ids.journey, organisationId: ids.organisation } }]);
    });

    it('accepts the actor’s own organisation named in the command', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney({ organisationId: ids.organisation }), byCaseworker(at.opened))
        .then([{ type: 'JourneyOpened', data: { journeyId: ids.journey, organisationId: ids.organisation } }]);
    });

    it('refuses another organisation than the actor’s', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney({ organisationId: ids.otherOrganisation }), byCaseworker(at.opened))
        .thenThrows(ForbiddenError, 'organisation-mismatch');
    });

    it('refuses an actor who acts for no organisation', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney(), contextAt(at.opened, { userId: 'admin-1', role: 'admin' }))
        .thenThrows(NotFoundError, 'participant-not-found');
    });

    it('refuses a date before the participant was registered', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney(), byCaseworker('2025-01-12T23:59:59.000Z'))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });

    it('refuses a date in the future', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney(), byCaseworker(at.reentry, at.opened))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to open a journey', () => {
      spec.given([]).when(openJourney(), byCaseworker(at.opened)).thenThrows(NotFoundError, 'participant-not-found');
    });

    it('refuses a command that names another participant than the stream’s', () => {
      spec
        .given([past.participantRegistered])
        .when(openJourney({ participantId: ids.otherOrganisation }), byCaseworker(at.opened))
        .thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the journey id is taken', () => {
    it('refuses to open it again, so a retried command changes nothing', () => {
      spec.given(anOpenJourney).when(openJourney(), byCaseworker(at.assigned)).thenThrows(IllegalStateError, 'journey-exists');
    });

    it('refuses even when that journey is closed', () => {
      spec.given(aClosedJourney).when(openJourney(), byCaseworker(at.reentry)).thenThrows(IllegalStateError, 'journey-exists');
    });
  });

  describe('When another journey is open', () => {
    it('refuses to open a second one', () => {
      spec
        .given(anOpenJourney)
        .when(openJourney({ journeyId: ids.nextJourney }), byCaseworker(at.assigned))
        .thenThrows(IllegalStateError, 'journey-already-open');
    });
  });

  describe('When the last journey is closed (re-entry)', () => {
    it('opens a new journey', () => {
      spec
        .given(aClosedJourney)
        .when(openJourney({ journeyId: ids.nextJourney }), byCaseworker(at.reentry))
        .then([{ type: 'JourneyOpened', data: { journeyId: ids.nextJourney, organisationId: ids.organisation } }]);
    });

    it('accepts the closing instant written with another offset', () => {
      spec
        .given(aClosedJourney)
        .when(openJourney({ journeyId: ids.nextJourney }), byCaseworker('2025-04-01T15:00:00+02:00'))
        .then([{ type: 'JourneyOpened', data: { journeyId: ids.nextJourney, organisationId: ids.organisation } }]);
    });

    it('refuses a date before the last journey closed', () => {
      spec
        .given(aClosedJourney)
        .when(openJourney({ journeyId: ids.nextJourney }), byCaseworker(at.exit))
        .thenThrows(ValidationError, 'occurred-before-journey-closed');
    });
  });
});
