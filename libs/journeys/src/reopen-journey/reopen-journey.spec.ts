import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { deciderSpec, happened } from '../testing';
import { aClosedJourney, anOpenJourney, aReentry, at, byCaseworker, ids, journeyReopened } from '../journey-steps.examples';
import { ReopenJourney, reopenJourneyDecider } from './reopen-journey';

const spec = deciderSpec(reopenJourneyDecider);

const reopenJourney = (overrides: Partial<ReopenJourney> = {}): ReopenJourney => ({
  kind: 'ReopenJourney',
  participantId: ids.participant,
  journeyId: ids.journey,
  ...overrides,
});

describe('Re-opening a journey', () => {
  describe('When the journey is closed and no other is open', () => {
    it('re-opens it', () => {
      spec
        .given(aClosedJourney)
        .when(reopenJourney(), byCaseworker(at.followUp))
        .then([{ type: 'JourneyReopened', data: { journeyId: ids.journey } }]);
    });

    it('refuses a date before it closed', () => {
      spec
        .given(aClosedJourney)
        .when(reopenJourney(), byCaseworker(at.exit))
        .thenThrows(ValidationError, 'occurred-before-journey-closed');
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(aClosedJourney)
        .when(reopenJourney(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(aClosedJourney)
        .when(reopenJourney(), byCaseworker(at.now, at.followUp))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the journey is open', () => {
    it('refuses to re-open it', () => {
      spec
        .given(anOpenJourney)
        .when(reopenJourney(), byCaseworker(at.assigned))
        .thenThrows(IllegalStateError, 'journey-not-closed');
    });

    it('refuses after it has already been re-opened', () => {
      spec
        .given([...aClosedJourney, happened(journeyReopened(), at.followUp)])
        .when(reopenJourney(), byCaseworker(at.reentry))
        .thenThrows(IllegalStateError, 'journey-not-closed');
    });
  });

  describe('When a later journey is open (re-entry)', () => {
    it('refuses to re-open the earlier one', () => {
      spec.given(aReentry).when(reopenJourney(), byCaseworker(at.now)).thenThrows(IllegalStateError, 'journey-already-open');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to re-open it', () => {
      spec
        .given(aClosedJourney)
        .when(reopenJourney({ journeyId: ids.nextJourney }), byCaseworker(at.followUp))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to re-open a journey', () => {
      spec.given([]).when(reopenJourney(), byCaseworker(at.followUp)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
