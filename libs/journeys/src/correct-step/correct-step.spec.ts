import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { ParticipantEvent } from '../participant';
import { deciderSpec, happened } from '../testing';
import { aClosedJourney, anOpenJourney, aReentry, at, byCaseworker, eventIds, ids, past } from '../journey-steps.examples';
import { CorrectStep, correctStepDecider } from './correct-step';

const spec = deciderSpec(correctStepDecider);

const correctStep = (overrides: Partial<CorrectStep> = {}): CorrectStep => ({
  kind: 'CorrectStep',
  participantId: ids.participant,
  journeyId: ids.journey,
  stepEventId: eventIds.entryStatusRecorded,
  reason: 'Fel status vid inskrivning',
  ...overrides,
});

const corrected = (correctedEventId: string, reason = 'Fel status vid inskrivning'): ParticipantEvent => ({
  type: 'StepCorrected',
  data: { journeyId: ids.journey, correctedEventId, reason },
});

const anEntryStatus = [...anOpenJourney, past.entryStatusRecorded];

describe('Correcting a step', () => {
  describe('When the step belongs to the open journey', () => {
    it('voids it with the reason', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep(), byCaseworker(at.enrolled))
        .then([corrected(eventIds.entryStatusRecorded)]);
    });

    it('stores the reason without surrounding blanks', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep({ reason: '  Fel status vid inskrivning \n' }), byCaseworker(at.enrolled))
        .then([corrected(eventIds.entryStatusRecorded)]);
    });

    it('accepts a reason of 200 characters and a date in it', () => {
      const reason = `Registrerad 2025-01-14, ska vara 2025-01-15. ${'x'.repeat(155)}`;
      expect(reason).toHaveLength(200);
      spec
        .given(anEntryStatus)
        .when(correctStep({ reason }), byCaseworker(at.enrolled))
        .then([corrected(eventIds.entryStatusRecorded, reason)]);
    });

    it.each(['', '   ', 'x'.repeat(201)])('refuses the reason %j', (reason) => {
      spec
        .given(anEntryStatus)
        .when(correctStep({ reason }), byCaseworker(at.enrolled))
        .thenThrows(ValidationError, 'correction-reason-length');
    });

    it.each(['Gäller 19910314-1234, inte den andra', 'fel person 910314-1234', 'avser 199103141234', 'avser 9103141234'])(
      'refuses a reason with a personnummer: %s',
      (reason) => {
        spec
          .given(anEntryStatus)
          .when(correctStep({ reason }), byCaseworker(at.enrolled))
          .thenThrows(ValidationError, 'correction-reason-personal-data');
      },
    );

    it('refuses a date before the journey opened', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep(), byCaseworker(at.enrolled, at.entry))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the named event is not a step of the journey', () => {
    it('refuses an unknown event id', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep({ stepEventId: eventIds.stepCorrected }), byCaseworker(at.enrolled))
        .thenThrows(NotFoundError, 'step-not-found');
    });

    it('refuses the opening of the journey, which is closed instead', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep({ stepEventId: past.journeyOpened.id }), byCaseworker(at.enrolled))
        .thenThrows(NotFoundError, 'step-not-found');
    });

    it('refuses a step of another journey', () => {
      spec
        .given(aReentry)
        .when(correctStep({ journeyId: ids.nextJourney }), byCaseworker(at.now))
        .thenThrows(NotFoundError, 'step-not-found');
    });
  });

  describe('When the step is already corrected', () => {
    it('refuses to correct it again', () => {
      spec
        .given([...anEntryStatus, happened(corrected(eventIds.entryStatusRecorded), at.enrolled, eventIds.stepCorrected)])
        .when(correctStep(), byCaseworker(at.planned))
        .thenThrows(IllegalStateError, 'step-already-corrected');
    });
  });

  describe('When the journey is closed', () => {
    it('corrects a step without re-opening the journey', () => {
      spec
        .given(aClosedJourney)
        .when(
          correctStep({ stepEventId: eventIds.exitStatusRecorded, reason: 'Fel utfall vid avslut' }),
          byCaseworker(at.followUp),
        )
        .then([corrected(eventIds.exitStatusRecorded, 'Fel utfall vid avslut')]);
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to correct a step', () => {
      spec
        .given(anEntryStatus)
        .when(correctStep({ journeyId: ids.nextJourney }), byCaseworker(at.enrolled))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to correct a step', () => {
      spec.given([]).when(correctStep(), byCaseworker(at.enrolled)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
