import { usePGlite } from '@samspar/event-store/testing';
import type { RecordedEvent } from '@samspar/kernel';
import { ProjectionHarness, recorded } from '../testing/projection-harness';
import { journeyFactsProjection } from '../testing/test-projections';

const P = '11111111-1111-4111-8111-111111111111';
const ORG = '22222222-2222-4222-8222-222222222222';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';
const J = '44444444-4444-4444-8444-444444444444';
const E = '55555555-5555-4555-8555-555555555555';
const TRACK = '66666666-6666-4666-8666-666666666666';
const R = '77777777-7777-4777-8777-777777777777';
const I = '88888888-8888-4888-8888-888888888888';
const stream = `participant-${P}`;
const ev = (type: string, data: Record<string, unknown>, at: string, id?: string): RecordedEvent =>
  recorded(stream, { type, data }, at, id ? { id } : {});

const registered = ev(
  'ParticipantRegistered',
  {
    participantId: P,
    organisationId: ORG,
    identity: { kind: 'anonymous', reason: 'no_consent' },
    attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: true, educationBand: 'isced_3_4', homeMunicipality: '1480' },
    protectedIdentity: false,
  },
  '2025-01-02T08:00:00Z',
);
const opened = ev('JourneyOpened', { journeyId: J, organisationId: ORG }, '2025-01-03T08:00:00Z');
const enrolled = ev('TrackEnrolled', { journeyId: J, enrolmentId: E, trackId: TRACK }, '2025-01-10T08:00:00Z');
const entry = ev(
  'LabourMarketStatusRecorded',
  {
    journeyId: J,
    statusId: '90000000-0000-4000-8000-000000000001',
    moment: 'entry',
    status: 'job_seeking',
    incomeSources: ['income_support'],
  },
  '2025-01-10T09:00:00Z',
);
const ended = ev('TrackEnrolmentEnded', { journeyId: J, enrolmentId: E }, '2025-06-30T08:00:00Z');
const exitId = '99999999-9999-4999-8999-999999999999';
const exit = ev(
  'LabourMarketStatusRecorded',
  {
    journeyId: J,
    statusId: '90000000-0000-4000-8000-000000000002',
    moment: 'exit',
    status: 'employed',
    incomeSources: ['salary'],
    expectedToLastOneMonth: true,
  },
  '2025-07-01T08:00:00Z',
  exitId,
);
const closed = ev('JourneyClosed', { journeyId: J, reason: 'work' }, '2025-07-02T08:00:00Z');

describe('The journeys projection', () => {
  const sql = usePGlite();
  let harness: ProjectionHarness;
  beforeEach(async () => {
    harness = await ProjectionHarness.create([journeyFactsProjection], sql());
  });

  describe('Given an enrolment with an entry status and an exit to work', () => {
    it('records one enrolment with its dimensions, entry, exit and Kolada outcome', async () => {
      await harness.given([registered, opened, enrolled, entry, ended, exit, closed]);
      const [row] = await harness.rows<Record<string, unknown>>('journeys', 'enrolments');
      expect(row).toMatchObject({
        enrolment_id: E,
        organisation_id: ORG,
        track_id: TRACK,
        gender: 'kvinna',
        age_band: '30_54',
        newly_arrived: true,
        entry_status: 'job_seeking',
        entry_income_sources: ['income_support'],
        exit_status: 'employed',
        exit_outcome: 'work',
        immediate_status: 'employed',
        registration_error: false,
      });
      expect((row!['ended_at'] as Date).toISOString()).toBe('2025-06-30T08:00:00.000Z');
      const [journey] = await harness.rows<Record<string, unknown>>('journeys', 'journeys');
      expect(journey).toMatchObject({ status: 'closed', closing_reason: 'work', entry_status: 'job_seeking' });
    });

    it('gives the same rows whether the events come in one batch or one at a time', async () => {
      const events = [registered, opened, enrolled, entry, ended, exit, closed];
      await harness.given(events);
      const once = await harness.rows('journeys', 'enrolments');
      const other = await ProjectionHarness.create([journeyFactsProjection], sql());
      await other.given(events, 1);
      expect(await other.rows('journeys', 'enrolments')).toEqual(once);
    });
  });

  describe('When the exit status is corrected', () => {
    it('derives the enrolment again without it', async () => {
      await harness.given([registered, opened, enrolled, entry, ended, exit]);
      await harness.given([
        ev('StepCorrected', { journeyId: J, correctedEventId: exitId, reason: 'wrong person' }, '2025-07-05T08:00:00Z'),
      ]);
      const [row] = await harness.rows<Record<string, unknown>>('journeys', 'enrolments');
      expect(row).toMatchObject({ exit_status: null, exit_outcome: null, immediate_status: null });
      expect(await harness.rows('journeys', 'statuses')).toHaveLength(1);
    });
  });

  describe('When an enrolment other than the active one is ended', () => {
    it('still counts an intervention planned afterwards for the active one', async () => {
      const next = '55555555-5555-4555-8555-555555555556';
      // No decider writes this (only the active enrolment may end), but the log may hold it.
      await harness.given([
        registered,
        opened,
        enrolled,
        ev('TrackEnrolled', { journeyId: J, enrolmentId: next, trackId: TRACK }, '2025-01-11T08:00:00Z'),
        ev('TrackEnrolmentEnded', { journeyId: J, enrolmentId: E }, '2025-01-12T08:00:00Z'),
        ev(
          'InterventionPlanned',
          { journeyId: J, interventionId: I, type: 'praktik', providerOrganisationId: ORG },
          '2025-01-13T08:00:00Z',
        ),
      ]);
      const [intervention] = await harness.rows<Record<string, unknown>>('journeys', 'interventions');
      expect(intervention).toMatchObject({ enrolment_id: next });
    });
  });

  describe('When work is not expected to last a month', () => {
    it('does not count it as work', async () => {
      const shortJob = ev(
        'LabourMarketStatusRecorded',
        {
          journeyId: J,
          statusId: '90000000-0000-4000-8000-000000000003',
          moment: 'exit',
          status: 'employed',
          incomeSources: ['salary'],
          expectedToLastOneMonth: false,
        },
        '2025-07-01T08:00:00Z',
      );
      await harness.given([registered, opened, enrolled, ended, shortJob]);
      const [row] = await harness.rows<Record<string, unknown>>('journeys', 'enrolments');
      expect(row).toMatchObject({ exit_status: 'employed', exit_outcome: 'other' });
    });
  });

  describe('Given a referral and a later intervention at the receiver', () => {
    it('records the waiting time to the first intervention', async () => {
      const referral = ev(
        'ParticipantReferred',
        { referralId: R, fromOrganisationId: ORG, toOrganisationId: OTHER_ORG, reason: 'r', deadlineAt: '2025-02-10T08:00:00Z' },
        '2025-01-05T08:00:00Z',
      );
      const planned = ev(
        'InterventionPlanned',
        { journeyId: J, interventionId: I, type: 'praktik', providerOrganisationId: OTHER_ORG },
        '2025-01-11T08:00:00Z',
      );
      const started = ev('InterventionStarted', { journeyId: J, interventionId: I }, '2025-01-20T08:00:00Z');
      await harness.given([
        registered,
        referral,
        ev('ReferralAccepted', { referralId: R }, '2025-01-07T08:00:00Z'),
        opened,
        enrolled,
        planned,
        started,
      ]);
      const [row] = await harness.rows<Record<string, unknown>>('journeys', 'referrals');
      expect(row).toMatchObject({ status: 'accepted', from_organisation_id: ORG, to_organisation_id: OTHER_ORG });
      expect((row!['first_intervention_at'] as Date).toISOString()).toBe('2025-01-20T08:00:00.000Z');
      const [intervention] = await harness.rows<Record<string, unknown>>('journeys', 'interventions');
      expect(intervention).toMatchObject({ status: 'started', enrolment_id: E, provider_organisation_id: OTHER_ORG });
    });
  });
});
