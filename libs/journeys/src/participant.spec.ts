import { randomUUID } from 'node:crypto';
import { ParticipantEvent, ParticipantState, evolveParticipant, initialParticipantState } from './participant';
import { happened } from './testing/decider-spec';

const journeyId = randomUUID();
const organisationId = randomUUID();

function fold(events: Array<[ParticipantEvent, string, string?]>): ParticipantState {
  return events.reduce((state, [event, at, id]) => evolveParticipant(state, happened(event, at, id)), initialParticipantState);
}

const opened: Array<[ParticipantEvent, string]> = [
  [
    {
      type: 'ParticipantRegistered',
      data: {
        participantId: randomUUID(),
        organisationId,
        identity: { kind: 'anonymous', reason: 'no_consent' },
        attributes: { gender: 'annat', birthYear: 2001, newlyArrived: false, educationBand: 'unknown' },
        protectedIdentity: false,
      },
    },
    '2026-01-01T08:00:00Z',
  ],
  [{ type: 'JourneyOpened', data: { journeyId, organisationId } }, '2026-01-02T08:00:00Z'],
];

const journeyOf = (state: ParticipantState) => (state.status === 'registered' ? state.journeys[journeyId] : undefined);

describe('When a step is corrected', () => {
  const enrolled = randomUUID();
  const started = randomUUID();
  const enrolmentId = randomUUID();
  const interventionId = randomUUID();
  const history: Array<[ParticipantEvent, string, string?]> = [
    ...opened,
    [{ type: 'TrackEnrolled', data: { journeyId, enrolmentId, trackId: randomUUID() } }, '2026-01-03T08:00:00Z', enrolled],
    [
      {
        type: 'InterventionPlanned',
        data: { journeyId, interventionId, type: 'praktik', providerOrganisationId: organisationId },
      },
      '2026-01-04T08:00:00Z',
    ],
    [{ type: 'InterventionStarted', data: { journeyId, interventionId } }, '2026-01-05T08:00:00Z', started],
  ];

  it('undoes what the step meant and keeps the rest', () => {
    const state = fold([
      ...history,
      [{ type: 'StepCorrected', data: { journeyId, correctedEventId: started, reason: 'fel datum' } }, '2026-01-06T08:00:00Z'],
    ]);
    expect(journeyOf(state)?.interventions[interventionId]?.status).toBe('planned');
    expect(journeyOf(state)?.activeEnrolmentId).toBe(enrolmentId);
    expect(journeyOf(state)?.corrected).toEqual([started]);
    expect(journeyOf(state)?.stepEventIds).toContain(started);
  });

  it('leaves no active enrolment when the enrolment itself was wrong', () => {
    const state = fold([
      ...history,
      [{ type: 'StepCorrected', data: { journeyId, correctedEventId: enrolled, reason: 'fel spår' } }, '2026-01-06T08:00:00Z'],
    ]);
    expect(journeyOf(state)?.activeEnrolmentId).toBeUndefined();
    expect(journeyOf(state)?.enrolments[enrolmentId]).toBeUndefined();
  });
});

describe('When an enrolment other than the active one is ended', () => {
  it('keeps the active enrolment, as the journeys read model does', () => {
    const first = randomUUID();
    const second = randomUUID();
    // No decider writes this (only the active enrolment may end), but an older or imported log may hold it.
    const state = fold([
      ...opened,
      [{ type: 'TrackEnrolled', data: { journeyId, enrolmentId: first, trackId: randomUUID() } }, '2026-01-03T08:00:00Z'],
      [{ type: 'TrackEnrolled', data: { journeyId, enrolmentId: second, trackId: randomUUID() } }, '2026-01-04T08:00:00Z'],
      [{ type: 'TrackEnrolmentEnded', data: { journeyId, enrolmentId: first } }, '2026-01-05T08:00:00Z'],
    ]);
    expect(journeyOf(state)?.activeEnrolmentId).toBe(second);
    expect(journeyOf(state)?.enrolments[first]?.endedAt).toBe('2026-01-05T08:00:00Z');
  });
});

describe('When a caseworker is assigned again', () => {
  it('replaces the whole assignment, unit included', () => {
    const state = fold([
      ...opened,
      [{ type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: 'a', unitId: 'u1' } }, '2026-01-03T08:00:00Z'],
      [{ type: 'CaseworkerAssigned', data: { journeyId, caseworkerId: 'b' } }, '2026-01-04T08:00:00Z'],
    ]);
    expect(journeyOf(state)).toMatchObject({ caseworkerId: 'b' });
    expect(journeyOf(state)?.unitId).toBeUndefined();
  });
});

describe('When an event type is unknown to this version', () => {
  it('is ignored', () => {
    const state = fold(opened);
    const next = evolveParticipant(
      state,
      happened({ type: 'SomethingNew', data: {} } as unknown as ParticipantEvent, '2026-02-01T00:00:00Z'),
    );
    expect(next).toBe(state);
  });
});
