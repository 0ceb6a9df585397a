import type { CommandOutcome, RecordedStep } from '../command-handling';
import { commandAnswer, createdBy } from './command-answer';

const outcome = (...recorded: RecordedStep[]): CommandOutcome<unknown> => ({
  streamId: 'participant-p1',
  revision: 4,
  position: '12',
  eventIds: recorded.map((event) => event.id),
  recorded,
  state: undefined,
});

describe('A command’s answer', () => {
  describe('When the command opened a journey', () => {
    it('names the journey as created, and no step to correct', () => {
      const answer = commandAnswer(
        'p1',
        outcome({ id: 'e1', type: 'JourneyOpened', data: { journeyId: 'j1', organisationId: 'o1' } }),
      );
      expect(answer).toEqual({ id: 'p1', revision: 4, position: '12', eventIds: ['e1'], created: { kind: 'journey', id: 'j1' } });
    });
  });

  describe('When the command recorded a status', () => {
    it('names the status as created and its event as the step a correction names', () => {
      const answer = commandAnswer(
        'p1',
        outcome({ id: 'e2', type: 'LabourMarketStatusRecorded', data: { journeyId: 'j1', statusId: 's1', moment: 'entry' } }),
      );
      expect(answer.created).toEqual({ kind: 'status', id: 's1' });
      expect(answer.stepEventId).toBe('e2');
    });
  });

  describe('When the command acted on a step that exists', () => {
    it('creates nothing, and still names the step event', () => {
      const answer = commandAnswer(
        'p1',
        outcome({ id: 'e3', type: 'InterventionStarted', data: { journeyId: 'j1', interventionId: 'i1' } }),
      );
      expect(answer.created).toBeUndefined();
      expect(answer.stepEventId).toBe('e3');
    });
  });

  describe('When the command was not a journey step', () => {
    it('names no step: a referral is not corrected through a journey', () => {
      const answer = commandAnswer('p1', outcome({ id: 'e4', type: 'ParticipantReferred', data: { referralId: 'r1' } }));
      expect(answer).toMatchObject({ created: { kind: 'referral', id: 'r1' } });
      expect(answer.stepEventId).toBeUndefined();
    });
  });

  it.each([
    ['ParticipantRegistered', 'participant', { participantId: 'x' }],
    ['ConsentRecorded', 'consent', { consentId: 'x' }],
    ['TrackEnrolled', 'enrolment', { enrolmentId: 'x', journeyId: 'j' }],
    ['InterventionPlanned', 'intervention', { interventionId: 'x', journeyId: 'j' }],
    ['OrganisationRegistered', 'organisation', { organisationId: 'x' }],
    ['UnitAdded', 'unit', { unitId: 'x' }],
    ['TrackDefined', 'track', { trackId: 'x' }],
  ])('names what %s created as a %s', (type, kind, data) => {
    expect(createdBy({ id: 'e', type, data })).toEqual({ kind, id: 'x' });
  });

  it.each(['ReferralAccepted', 'JourneyClosed', 'ConsentWithdrawn', 'StepCorrected', 'TrackRevised'])(
    'names nothing created by %s',
    (type) => {
      expect(createdBy({ id: 'e', type, data: { referralId: 'r', journeyId: 'j', consentId: 'c' } })).toBeUndefined();
    },
  );
});
