import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { ParticipantEvent } from '../participant';
import { deciderSpec } from '../testing';
import { IncomeSource, LabourMarketStatus } from '../vocabulary';
import { aClosedJourney, anOpenJourney, aReentry, at, byCaseworker, ids, past } from '../journey-steps.examples';
import { WORK_STATUSES } from '../outcome-rules';
import { RecordLabourMarketStatus, recordLabourMarketStatusDecider } from './record-labour-market-status';

const spec = deciderSpec(recordLabourMarketStatusDecider);

const statusId = '5b0f3f7e-2c1d-4a8e-9f6b-1d2c3b4a5e6f';

const recordStatus = (overrides: Partial<RecordLabourMarketStatus> = {}): RecordLabourMarketStatus => ({
  kind: 'RecordLabourMarketStatus',
  participantId: ids.participant,
  journeyId: ids.journey,
  statusId,
  moment: 'entry',
  status: 'job_seeking',
  incomeSources: ['income_support'],
  ...overrides,
});

const recorded = (
  data: Partial<Extract<ParticipantEvent, { type: 'LabourMarketStatusRecorded' }>['data']>,
): ParticipantEvent => ({
  type: 'LabourMarketStatusRecorded',
  data: { journeyId: ids.journey, statusId, moment: 'entry', status: 'job_seeking', incomeSources: ['income_support'], ...data },
});

const NON_WORK_STATUSES: LabourMarketStatus[] = [
  'municipal_labour_market_employment',
  'studies_with_study_allowance',
  'studies_other',
  'job_seeking',
  'labour_market_programme',
  'on_sick_leave_or_unable',
  'parental_leave',
  'inactive_other',
  'unknown',
];

/** An exit recorded, the journey still open. */
const anExit = [...anOpenJourney, past.entryStatusRecorded, past.exitStatusRecorded];

describe('Recording a labour-market status', () => {
  describe('When an unemployed participant enters with the start of their unemployment', () => {
    // The entry status holds on 14 January 2025 (at.entry).
    it('records since when, up to the day the status holds', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ unemployedSince: '2025-01-14' }), byCaseworker(at.entry))
        .then([recorded({ unemployedSince: '2025-01-14' })]);
    });

    it('records it for a participant in a labour-market programme', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ status: 'labour_market_programme', unemployedSince: '2023-06-01' }), byCaseworker(at.entry))
        .then([recorded({ status: 'labour_market_programme', unemployedSince: '2023-06-01' })]);
    });

    it('refuses a start after the day the status holds', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ unemployedSince: '2025-01-15' }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'unemployed-since-after-status');
    });

    it('refuses it for a status that is not unemployment', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ status: 'studies_other', unemployedSince: '2024-01-01' }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'unemployed-since-not-unemployed');
    });

    it('refuses it at any moment but entry', () => {
      spec
        .given([...anOpenJourney, past.entryStatusRecorded])
        .when(recordStatus({ moment: 'exit', unemployedSince: '2024-01-01' }), byCaseworker(at.exit))
        .thenThrows(ValidationError, 'unemployed-since-not-at-entry');
    });
  });

  describe('When the journey is open', () => {
    it('records the entry status', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus(), byCaseworker(at.entry))
        .then([recorded({})]);
    });

    it('records the status for a track enrolment of the journey', () => {
      spec
        .given([...anOpenJourney, past.trackEnrolled])
        .when(recordStatus({ enrolmentId: ids.enrolment }), byCaseworker(at.started))
        .then([recorded({ enrolmentId: ids.enrolment })]);
    });

    it('refuses an enrolment the journey does not have', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ enrolmentId: ids.enrolment }), byCaseworker(at.entry))
        .thenThrows(NotFoundError, 'enrolment-not-found');
    });

    it('records an exit status without any entry status', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ moment: 'exit', incomeSources: ['none'], status: 'inactive_other' }), byCaseworker(at.exit))
        .then([recorded({ moment: 'exit', incomeSources: ['none'], status: 'inactive_other' })]);
    });

    it('refuses a date before the journey opened', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus(), byCaseworker(at.beforeOpened))
        .thenThrows(ValidationError, 'occurred-before-journey-opened');
    });

    it('refuses a date in the future', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus(), byCaseworker(at.enrolled, at.entry))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the status id is taken', () => {
    it('refuses to record it again, so a retried command changes nothing', () => {
      spec
        .given([...anOpenJourney, past.entryStatusRecorded])
        .when(recordStatus({ statusId: ids.status, moment: 'exit' }), byCaseworker(at.exit))
        .thenThrows(IllegalStateError, 'status-exists');
    });

    it('refuses an id used in an earlier journey', () => {
      spec
        .given(aReentry)
        .when(recordStatus({ statusId: ids.status, journeyId: ids.nextJourney }), byCaseworker(at.reentry))
        .thenThrows(IllegalStateError, 'status-exists');
    });
  });

  describe('When the journey already has an entry status', () => {
    it('refuses a second entry status', () => {
      spec
        .given([...anOpenJourney, past.entryStatusRecorded])
        .when(recordStatus(), byCaseworker(at.enrolled))
        .thenThrows(IllegalStateError, 'entry-status-exists');
    });

    it('accepts a new entry status once the first was corrected', () => {
      spec
        .given([
          ...anOpenJourney,
          past.entryStatusRecorded,
          {
            type: 'StepCorrected',
            data: { journeyId: ids.journey, correctedEventId: past.entryStatusRecorded.id, reason: 'Fel status' },
          },
        ])
        .when(recordStatus(), byCaseworker(at.enrolled))
        .then([recorded({})]);
    });

    it('lets a new journey have its own entry status', () => {
      spec
        .given(aReentry)
        .when(recordStatus({ journeyId: ids.nextJourney }), byCaseworker(at.reentry))
        .then([recorded({ journeyId: ids.nextJourney })]);
    });
  });

  describe('Income sources', () => {
    it('records several income sources', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ incomeSources: ['income_support', 'activity_support'] }), byCaseworker(at.entry))
        .then([recorded({ incomeSources: ['income_support', 'activity_support'] })]);
    });

    it('refuses an empty list', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ incomeSources: [] }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'income-sources-empty');
    });

    it('refuses a source named twice', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ incomeSources: ['salary', 'salary'] }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'income-sources-duplicate');
    });

    it.each<IncomeSource[]>([
      ['none', 'salary'],
      ['income_support', 'none'],
    ])("refuses 'none' beside another source (%s, %s)", (...sources) => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ incomeSources: sources }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'income-sources-none-alone');
    });
  });

  describe('Work and its expected duration', () => {
    it.each(WORK_STATUSES)('records %s with whether it lasts a month', (status) => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ status, incomeSources: ['salary'], expectedToLastOneMonth: false }), byCaseworker(at.entry))
        .then([recorded({ status, incomeSources: ['salary'], expectedToLastOneMonth: false })]);
    });

    it.each(WORK_STATUSES)('refuses %s without an expected duration', (status) => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ status, incomeSources: ['salary'] }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'expected-duration-required');
    });

    it.each(NON_WORK_STATUSES)('refuses an expected duration for %s', (status) => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ status, expectedToLastOneMonth: true }), byCaseworker(at.entry))
        .thenThrows(ValidationError, 'expected-duration-not-applicable');
    });
  });

  describe('Follow-ups', () => {
    it.each(['follow_up_1m', 'follow_up_90d', 'follow_up_6m'] as const)('refuses %s before any exit status', (moment) => {
      spec
        .given([...anOpenJourney, past.entryStatusRecorded])
        .when(recordStatus({ moment }), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'follow-up-before-exit');
    });

    it('records a follow-up after the exit while the journey is still open', () => {
      spec
        .given(anExit)
        .when(recordStatus({ moment: 'follow_up_1m' }), byCaseworker(at.followUp))
        .then([recorded({ moment: 'follow_up_1m' })]);
    });

    it('refuses a follow-up dated before the exit', () => {
      spec
        .given(anExit)
        .when(recordStatus({ moment: 'follow_up_1m' }), byCaseworker(at.ended))
        .thenThrows(ValidationError, 'occurred-before-exit');
    });

    it('refuses a follow-up whose exit was corrected away', () => {
      spec
        .given([
          ...anExit,
          {
            type: 'StepCorrected',
            data: { journeyId: ids.journey, correctedEventId: past.exitStatusRecorded.id, reason: 'Fel datum' },
          },
        ])
        .when(recordStatus({ moment: 'follow_up_1m' }), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'follow-up-before-exit');
    });
  });

  describe('When the journey is closed', () => {
    it('records a follow-up, which falls after closing', () => {
      spec
        .given(aClosedJourney)
        .when(
          recordStatus({ moment: 'follow_up_90d', status: 'employed', incomeSources: ['salary'], expectedToLastOneMonth: true }),
          byCaseworker(at.followUp),
        )
        .then([
          recorded({ moment: 'follow_up_90d', status: 'employed', incomeSources: ['salary'], expectedToLastOneMonth: true }),
        ]);
    });

    it.each(['entry', 'exit'] as const)('refuses an %s status', (moment) => {
      spec
        .given(aClosedJourney)
        .when(recordStatus({ moment }), byCaseworker(at.followUp))
        .thenThrows(IllegalStateError, 'journey-closed');
    });
  });

  describe('When the journey does not exist', () => {
    it('refuses to record a status', () => {
      spec
        .given(anOpenJourney)
        .when(recordStatus({ journeyId: ids.nextJourney }), byCaseworker(at.entry))
        .thenThrows(NotFoundError, 'journey-not-found');
    });
  });

  describe('When the participant is not registered', () => {
    it('refuses to record a status', () => {
      spec.given([]).when(recordStatus(), byCaseworker(at.entry)).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});
