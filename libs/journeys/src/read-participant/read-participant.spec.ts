import { at, eventIds, ids, past } from '../journey-steps.examples';
import { evolveParticipant, initialParticipantState, ParticipantEvent, ParticipantState, StampedEvent } from '../participant';
import { happened } from '../testing/decider-spec';
import { journeyView } from './read-participant';

const fold = (events: readonly StampedEvent<ParticipantEvent>[]): ParticipantState =>
  events.reduce(evolveParticipant, initialParticipantState);

function viewOf(events: readonly StampedEvent<ParticipantEvent>[]) {
  const state = fold(events);
  if (state.status !== 'registered') throw new Error('not registered');
  return journeyView(state.journeys[ids.journey]!);
}

describe('The journey view', () => {
  describe('When a journey ran with an interrupted intervention and an exit to work', () => {
    const view = viewOf([
      past.participantRegistered,
      past.journeyOpened,
      past.entryStatusRecorded,
      past.trackEnrolled,
      past.interventionPlanned,
      past.interventionStarted,
      past.interventionInterrupted,
      past.exitStatusRecorded,
    ]);

    it('shows whether the work at exit is expected to last a month, which decides whether it counts as work', () => {
      expect(view.statuses.find((status) => status.moment === 'exit')).toMatchObject({
        status: 'employed',
        expectedToLastOneMonth: true,
      });
    });

    it('shows the enrolment an intervention was planned within, and why it was interrupted', () => {
      expect(view.interventions).toEqual([
        expect.objectContaining({ enrolmentId: ids.enrolment, status: 'interrupted', interruptionReason: 'illness' }),
      ]);
    });

    it('leaves out a field that was not recorded, instead of showing it empty', () => {
      expect(view.statuses.find((status) => status.moment === 'entry')).not.toHaveProperty('expectedToLastOneMonth');
    });
  });

  describe('When a status counted for an enrolment was corrected', () => {
    const forEnrolment = happened<ParticipantEvent>(
      {
        type: 'LabourMarketStatusRecorded',
        data: { ...past.exitStatusRecorded.data, enrolmentId: ids.enrolment } as Extract<
          ParticipantEvent,
          { type: 'LabourMarketStatusRecorded' }
        >['data'],
      },
      at.exit,
      eventIds.exitStatusRecorded,
    );
    const correction = happened<ParticipantEvent>(
      {
        type: 'StepCorrected',
        data: { journeyId: ids.journey, correctedEventId: eventIds.exitStatusRecorded, reason: 'Fel utfall vid avslut' },
      },
      at.followUp,
      eventIds.stepCorrected,
    );

    it('shows the status with its enrolment before the correction', () => {
      const view = viewOf([past.participantRegistered, past.journeyOpened, past.trackEnrolled, forEnrolment]);
      expect(view.statuses).toEqual([expect.objectContaining({ enrolmentId: ids.enrolment })]);
      expect(view).not.toHaveProperty('corrections');
    });

    it('shows the correction with its reason and date, and the status no more', () => {
      const view = viewOf([past.participantRegistered, past.journeyOpened, past.trackEnrolled, forEnrolment, correction]);
      expect(view.statuses).toEqual([]);
      expect(view.corrections).toEqual([
        { correctedEventId: eventIds.exitStatusRecorded, reason: 'Fel utfall vid avslut', correctedAt: at.followUp },
      ]);
    });
  });
});
