import { randomUUID } from 'node:crypto';
import type { Actor } from '@samspar/kernel';
import { journeySteps } from '@samspar/journeys/testing';
const {
  at,
  caseworkerAssigned,
  entryStatusRecorded,
  ids,
  interventionPlanned,
  interventionStarted,
  journeyClosed,
  journeyOpened,
  participantRegistered,
  trackEnrolled,
} = journeySteps;
import { participantExamples } from '@samspar/journeys/testing';
const { LOOKUP_HASH_EXAMPLE, participantRegistered: identifiedParticipantRegistered } = participantExamples;
import { parseAsOf } from '@samspar/kernel';
import { streamOf } from './history.examples';
import { pseudonymisedEvent } from '../export/pseudonymised-event';
import { allowListed, journeyHistory } from './journey-history';

const CASEWORKER: Actor = { userId: 'caseworker-1', role: 'caseworker', organisationId: ids.organisation };
const REFERRAL = 'e1f2a3b4-0000-4000-8000-00000000aa01';
const CORRECTED_AT = '2025-02-10T09:15:00.000Z';
const CORRECTION_REASON = 'Registrerad på fel insats';

/**
 * A journey whose intervention was recorded as started on 3 February, a step voided on 10 February;
 * a second journey and a referral from another journey share the stream.
 */
function aJourneyWithACorrectedStart() {
  const stream = streamOf(ids.participant);
  const by = { actor: CASEWORKER };
  stream.record(participantRegistered(), at.registered, at.registered, by);
  const opened = stream.record(journeyOpened(), at.opened, at.opened, by);
  stream.record(caseworkerAssigned(), at.assigned, at.assigned, by);
  stream.record(entryStatusRecorded(), at.entry, at.entry, by);
  stream.record(
    {
      type: 'ParticipantReferred',
      data: {
        referralId: REFERRAL,
        fromOrganisationId: ids.organisation,
        toOrganisationId: ids.provider,
        journeyId: ids.journey,
        reason: 'work_preparation',
        deadlineAt: '2025-02-20T09:00:00.000Z',
      },
    },
    at.enrolled,
    at.enrolled,
    by,
  );
  stream.record(trackEnrolled(), at.enrolled, at.enrolled, by);
  stream.record({ type: 'ReferralAccepted', data: { referralId: REFERRAL } }, at.planned, at.planned, {
    actor: { userId: 'provider-1', role: 'caseworker', organisationId: ids.provider },
  });
  stream.record(interventionPlanned(), at.planned, at.planned, by);
  const started = stream.record(interventionStarted(), at.started, at.started, by);
  const correction = stream.record(
    {
      type: 'StepCorrected',
      data: { journeyId: ids.journey, correctedEventId: started.id, reason: CORRECTION_REASON },
    },
    CORRECTED_AT,
    CORRECTED_AT,
    by,
  );
  stream.record(journeyOpened(ids.nextJourney), at.reentry, at.reentry, by);
  return { events: stream.events, opened, started, correction };
}

const interventionStatus = (state: { interventions: ReadonlyArray<{ status: string }> } | null | undefined) =>
  state?.interventions[0]?.status;

describe('journeyHistory', () => {
  describe('Given a journey whose started intervention was corrected', () => {
    const { events, opened, started, correction } = aJourneyWithACorrectedStart();

    describe('When it is replayed without asOf', () => {
      const history = journeyHistory(events, ids.journey)!;

      it('lists every event of the journey and its referral, in log order, and nothing of the other journey', () => {
        expect(history.entries.map((entry) => [entry.revision, entry.type])).toEqual([
          [1, 'JourneyOpened'],
          [2, 'CaseworkerAssigned'],
          [3, 'LabourMarketStatusRecorded'],
          [4, 'ParticipantReferred'],
          [5, 'TrackEnrolled'],
          [6, 'ReferralAccepted'],
          [7, 'InterventionPlanned'],
          [8, 'InterventionStarted'],
          [9, 'StepCorrected'],
        ]);
        expect(history.entries[0]).toMatchObject({
          eventId: opened.id,
          occurredAt: at.opened,
          recordedAt: at.opened,
          data: { organisationId: ids.organisation },
        });
      });

      it('gives the state after each event, as it was known when the event was recorded', () => {
        const states = history.entries.map((entry) => entry.stateAfter);
        expect(states[0]).toMatchObject({ status: 'open', openedAt: at.opened, enrolments: [], interventions: [] });
        expect(states[2]!.statuses).toEqual([expect.objectContaining({ moment: 'entry', status: 'job_seeking' })]);
        expect(states[4]!.activeEnrolmentId).toBe(ids.enrolment);
        expect(states.map(interventionStatus)).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          'planned',
          'started',
          'planned',
        ]);
        expect(states[7]!.corrected).toEqual([]);
        expect(states[8]!.corrected).toEqual([started.id]);
        expect(states[8]).not.toHaveProperty('steps');
        expect(states[8]).not.toHaveProperty('stepEventIds');
        expect(history.stateNow).toEqual(states[8]);
        expect(history).not.toHaveProperty('stateAsOf');
      });

      it('shows the corrected step as known then and not known now, and when the correction was recorded, never its free-text reason', () => {
        expect(history.corrections).toEqual([
          {
            stepEventId: started.id,
            type: 'InterventionStarted',
            occurredAt: at.started,
            recordedAt: at.started,
            correctionEventId: correction.id,
            correctedAt: CORRECTED_AT,
            correctionOccurredAt: CORRECTED_AT,
            knownThen: true,
            knownNow: false,
          },
        ]);
        expect(history.entries[7]!.correctedBy).toEqual({
          eventId: correction.id,
          correctedAt: CORRECTED_AT,
        });
        expect(history.entries[6]).not.toHaveProperty('correctedBy');
        expect(JSON.stringify(history)).not.toContain(CORRECTION_REASON);
      });

      it('names who acted by role and organisation only, and leaves the caseworker id out', () => {
        for (const entry of history.entries) expect(Object.keys(entry.actor!).sort()).toEqual(['organisationId', 'role']);
        expect(history.entries[5]!.actor).toEqual({ role: 'caseworker', organisationId: ids.provider });
        // Without a pseudonym function the pseudonymised fields are left out.
        expect(history.entries[1]!.data).toEqual({ unitId: ids.unit });
        expect(history.stateNow).not.toHaveProperty('caseworkerId');
        expect(JSON.stringify(history)).not.toContain('caseworker-1');
      });

      it('shows the caseworker by pseudonym when given a pseudonym function', () => {
        const pseudonymised = journeyHistory(events, ids.journey, { pseudonym: (id) => `p(${id})` })!;
        expect(pseudonymised.entries[1]!.data).toEqual({
          journeyId: `p(${ids.journey})`,
          caseworkerId: 'p(caseworker-1)',
          unitId: ids.unit,
        });
        expect(pseudonymised.stateNow.caseworkerId).toBe('p(caseworker-1)');
      });
    });

    describe('When it is replayed as of a day after the start and before the correction was recorded', () => {
      const history = journeyHistory(events, ids.journey, { asOf: parseAsOf('2025-02-05', { now: new Date() }) })!;

      it('counts the step: the intervention stands as started', () => {
        expect(history.asOf).toBe('2025-02-05T22:59:59.999Z');
        expect(interventionStatus(history.stateAsOf)).toBe('started');
        expect(history.stateAsOf!.corrected).toEqual([]);
        expect(history.corrections).toEqual([expect.objectContaining({ stepEventId: started.id, countsAsOf: true })]);
        expect(interventionStatus(history.stateNow)).toBe('planned');
      });

      it('marks which entries count as of then', () => {
        expect(history.entries.map((entry) => entry.knownAsOf)).toEqual([true, true, true, true, true, true, true, true, false]);
      });
    });

    describe('When it is replayed as of the instant the correction was recorded', () => {
      const history = journeyHistory(events, ids.journey, { asOf: new Date(CORRECTED_AT) })!;

      it('no longer counts the step', () => {
        expect(interventionStatus(history.stateAsOf)).toBe('planned');
        expect(history.stateAsOf!.corrected).toEqual([started.id]);
        expect(history.corrections[0]!.countsAsOf).toBe(false);
      });
    });

    describe('When it is replayed as of a moment before the journey opened', () => {
      it('has no journey as of then, though the journey exists now', () => {
        const history = journeyHistory(events, ids.journey, { asOf: new Date(at.beforeOpened) })!;
        expect(history.stateAsOf).toBeNull();
        expect(history.stateNow.status).toBe('open');
        expect(history.entries.every((entry) => entry.knownAsOf === false)).toBe(true);
      });
    });

    describe('When the journey id is not in the stream', () => {
      it('answers undefined', () => {
        expect(journeyHistory(events, randomUUID())).toBeUndefined();
        expect(journeyHistory([], ids.journey)).toBeUndefined();
      });
    });
  });

  describe('Given a step recorded late, dated back before T', () => {
    const stream = streamOf(ids.participant);
    stream.record(participantRegistered(), at.registered);
    stream.record(journeyOpened(), at.opened);
    stream.record(trackEnrolled(), at.enrolled);
    stream.record(interventionPlanned(), at.planned);
    // Started on 3 February, but recorded only on 1 March.
    stream.record(interventionStarted(), at.started, '2025-03-01T10:00:00.000Z');
    stream.record(journeyClosed(), at.closed);

    it('does not count it as of a day between when it happened and when it was recorded', () => {
      const history = journeyHistory(stream.events, ids.journey, { asOf: parseAsOf('2025-02-15', { now: new Date() }) })!;
      expect(interventionStatus(history.stateAsOf)).toBe('planned');
      expect(history.stateAsOf!.status).toBe('open');
    });

    it('counts it once it was recorded, but not the closing that happened later', () => {
      const history = journeyHistory(stream.events, ids.journey, { asOf: parseAsOf('2025-03-01', { now: new Date() }) })!;
      expect(interventionStatus(history.stateAsOf)).toBe('started');
      expect(history.stateAsOf!.status).toBe('open');
      expect(history.stateNow).toMatchObject({ status: 'closed', closingReason: 'work', closedAt: at.closed });
    });
  });
});

describe('allowListed', () => {
  it('drops the sealed personal data, the lookup hash and the participant id of a registration', () => {
    const event = identifiedParticipantRegistered();
    const registration = streamOf(ids.participant).record(event, at.registered);
    const shown = allowListed(registration, (id) => `p(${id})`) as Record<string, unknown>;
    expect(shown).toEqual({
      organisationId: event.data.organisationId,
      identity: 'identified',
      protectedIdentity: false,
      gender: event.data.attributes.gender,
      birthYear: event.data.attributes.birthYear,
      newlyArrived: event.data.attributes.newlyArrived,
      educationBand: event.data.attributes.educationBand,
      homeMunicipality: event.data.attributes.homeMunicipality,
    });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(LOOKUP_HASH_EXAMPLE);
    expect(text).not.toContain(event.data.participantId);
    expect(text).not.toContain('"ct"');
  });

  it('gives the same data as the export for every event, and nothing for a type it does not know', () => {
    const stream = streamOf(ids.participant);
    const correction = stream.record(
      { type: 'StepCorrected', data: { journeyId: ids.journey, correctedEventId: ids.intervention, reason: CORRECTION_REASON } },
      at.closed,
    );
    const p = (id: string) => `p(${id})`;
    expect(allowListed(correction, p)).toEqual(pseudonymisedEvent(correction, p)!.data);
    expect(JSON.stringify(allowListed(correction, p))).not.toContain(CORRECTION_REASON);
    expect(allowListed({ ...correction, type: 'SomethingNew' }, p)).toEqual({});
  });
});
