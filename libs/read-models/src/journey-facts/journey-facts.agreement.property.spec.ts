import fc from 'fast-check';
import { testUuid as id } from '@samspar/kernel/testing';
import { propertyRuns } from '@samspar/event-store/testing';
import { DomainError, decide, positionOf } from '@samspar/kernel';
import type { CommandContext, RecordedEvent, StreamDecider } from '@samspar/kernel';
import {
  assignCaseworkerDecider,
  closeJourneyDecider,
  completeInterventionDecider,
  correctStepDecider,
  endTrackEnrolmentDecider,
  enrolInTrackDecider,
  evolveParticipant,
  initialParticipantState,
  interruptInterventionDecider,
  isWork,
  journeyFromSteps,
  openJourneyDecider,
  planInterventionDecider,
  recordLabourMarketStatusDecider,
  reopenJourneyDecider,
  stamp,
  startInterventionDecider,
} from '@samspar/journeys';
import type { Journey, JourneyStepEvent, ParticipantEvent, ParticipantState, StampedEvent } from '@samspar/journeys';
import { caseworkerOf, journeySteps } from '@samspar/journeys/testing';
import { recorded } from '../testing/projection-harness';
import { historyEvents, participantHistory } from '../testing/random-history';
import { deriveFacts } from './journey-facts.derive';
import { ParticipantFold, foldParticipantEvent } from './journey-facts.fold';
import { JourneyFacts, emptyFacts } from './journey-facts.rows';

/**
 * The journeys read model folds a participant's steps for its rows; the write side folds them for its decisions.
 * Over random histories, the rows say what evolveParticipant says of every journey: caseworker, enrolments, the
 * active enrolment, interventions and statuses, with corrected steps voided.
 */

const DAY = 86_400_000;
const PARTICIPANT = journeySteps.ids.participant;
const ORGANISATION = journeySteps.ids.organisation;
const STREAM = `participant-${PARTICIPANT}`;
const ACTOR = caseworkerOf(ORGANISATION);

/** What is tried, and how often: steps more often than closing and opening journeys. */
const KINDS = {
  open: 1,
  close: 1,
  reopen: 1,
  assign: 2,
  enrol: 3,
  endEnrolment: 3,
  plan: 3,
  start: 3,
  complete: 2,
  interrupt: 1,
  status: 4,
  correct: 2,
} as const;
const MOMENTS = ['entry', 'exit', 'follow_up_1m', 'follow_up_90d', 'follow_up_6m'] as const;
const STATUSES = ['employed', 'employed_subsidised', 'job_seeking', 'studies_with_study_allowance', 'inactive_other'] as const;
const CLOSING_REASONS = ['work', 'studies', 'registration_error', 'deceased'] as const;

/**
 * A command a caseworker tries: on the first journey (0) or the latest, with one of a few ids, and when, up to
 * ten days back.
 */
const attempt = fc.record({
  kind: fc.oneof(
    ...Object.entries(KINDS).map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind as keyof typeof KINDS) })),
  ),
  journey: fc.nat(3),
  slot: fc.nat(3),
  pick: fc.nat(1000),
  days: fc.integer({ min: 0, max: 40 }),
  backdated: fc.integer({ min: 0, max: 10 }),
});
type Attempt = typeof attempt extends fc.Arbitrary<infer T> ? T : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each decider takes its own command type
type AnyDecider = StreamDecider<any, ParticipantEvent, ParticipantState>;

function commandOf(step: Attempt, state: ParticipantState): [AnyDecider, object] {
  const journeys = Object.keys(state.status === 'registered' ? state.journeys : {});
  // A new journey is opened with the next id; the other commands name an existing one.
  const journeyId =
    step.kind === 'open' ? id(2, journeys.length) : ((step.journey === 0 ? journeys[0] : journeys.at(-1)) ?? id(2, 0));
  const base = { participantId: PARTICIPANT, journeyId };
  const journey = state.status === 'registered' ? state.journeys[journeyId] : undefined;
  // New ids for enrol and plan; otherwise mostly one the journey has.
  const ofJourney = (ids: readonly string[], fresh: string): string =>
    step.kind === 'enrol' || step.kind === 'plan' ? fresh : (ids[step.slot % Math.max(1, ids.length)] ?? fresh);
  const enrolmentId = ofJourney(Object.keys(journey?.enrolments ?? {}), id(3, step.slot));
  const interventionId = ofJourney(Object.keys(journey?.interventions ?? {}), id(4, step.slot));
  switch (step.kind) {
    case 'open':
      return [openJourneyDecider, { ...base, kind: 'OpenJourney' }];
    case 'close':
      return [
        closeJourneyDecider,
        { ...base, kind: 'CloseJourney', reason: CLOSING_REASONS[step.pick % CLOSING_REASONS.length] },
      ];
    case 'reopen':
      return [reopenJourneyDecider, { ...base, kind: 'ReopenJourney' }];
    case 'assign':
      return [
        assignCaseworkerDecider,
        {
          ...base,
          kind: 'AssignCaseworker',
          caseworkerId: `caseworker-${step.pick % 3}`,
          ...(step.slot % 3 > 0 ? { unitId: id(5, step.slot % 3) } : {}),
        },
      ];
    case 'enrol':
      return [enrolInTrackDecider, { ...base, kind: 'EnrolInTrack', enrolmentId, trackId: id(6, step.pick % 2) }];
    case 'endEnrolment':
      return [endTrackEnrolmentDecider, { ...base, kind: 'EndTrackEnrolment', enrolmentId }];
    case 'plan': {
      // Most plans name no enrolment or the active one; a few name another, which is refused.
      const named = [undefined, journey?.activeEnrolmentId, enrolmentId][step.pick % 3];
      return [
        planInterventionDecider,
        {
          ...base,
          kind: 'PlanIntervention',
          interventionId,
          type: 'praktik',
          providerOrganisationId: journeySteps.ids.provider,
          ...(named !== undefined ? { enrolmentId: named } : {}),
        },
      ];
    }
    case 'start':
      return [startInterventionDecider, { ...base, kind: 'StartIntervention', interventionId }];
    case 'complete':
      return [completeInterventionDecider, { ...base, kind: 'CompleteIntervention', interventionId }];
    case 'interrupt':
      return [interruptInterventionDecider, { ...base, kind: 'InterruptIntervention', interventionId, reason: 'illness' }];
    case 'status': {
      const status = STATUSES[step.pick % STATUSES.length]!;
      return [
        recordLabourMarketStatusDecider,
        {
          ...base,
          kind: 'RecordLabourMarketStatus',
          statusId: id(7, step.pick),
          moment: MOMENTS[step.slot % MOMENTS.length],
          status,
          incomeSources: step.pick % 2 ? ['salary'] : ['income_support'],
          ...(isWork(status) ? { expectedToLastOneMonth: step.pick % 4 < 2 } : {}),
          ...(step.pick % 3 === 0 ? { enrolmentId } : {}),
        },
      ];
    }
    case 'correct': {
      const steps = journey?.stepEventIds ?? [];
      const stepEventId = steps[step.pick % Math.max(1, steps.length)] ?? id(8, 0);
      return [correctStepDecider, { ...base, kind: 'CorrectStep', stepEventId, reason: 'fel uppgift' }];
    }
  }
}

/** The log the api would write for the attempts: a refused one stores nothing. */
function play(attempts: readonly Attempt[]): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  let state = initialParticipantState;
  const keep = (event: ParticipantEvent, occurredAt: string, recordedAt: string): void => {
    const stored: RecordedEvent = {
      id: id(9, log.length),
      type: event.type,
      data: event.data,
      metadata: { occurredAt, schemaVersion: 1, actor: ACTOR },
      streamId: STREAM,
      revision: log.length,
      globalPosition: positionOf(1, log.length + 1),
      recordedAt,
    };
    log.push(stored);
    state = evolveParticipant(state, stamp<ParticipantEvent>(stored));
  };
  let clock = Date.parse(journeySteps.at.opened);
  keep(journeySteps.participantRegistered(), journeySteps.at.registered, journeySteps.at.registered);
  keep(journeySteps.journeyOpened(id(2, 0)), journeySteps.at.opened, journeySteps.at.opened);
  for (const step of attempts) {
    clock += step.days * DAY + 60_000;
    const now = new Date(clock).toISOString();
    const context: CommandContext = { occurredAt: new Date(clock - step.backdated * DAY).toISOString(), now, actor: ACTOR };
    const [decider, command] = commandOf(step, state);
    try {
      for (const event of decide(decider, command, state, context)) keep(event, context.occurredAt, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return log;
}

/** The read model's rows of a log, from the fold as it is stored between batches. */
function factsOf(log: readonly RecordedEvent[]): JourneyFacts {
  let fold: ParticipantFold | undefined;
  for (const event of log) fold = foldParticipantEvent(fold, event);
  const facts = emptyFacts();
  if (fold) deriveFacts(JSON.parse(JSON.stringify(fold)) as ParticipantFold, facts);
  return facts;
}

/** Which column of a row holds each field of the write side's record. */
const ENROLMENT = { enrolmentId: 'enrolment_id', trackId: 'track_id', startedAt: 'started_at', endedAt: 'ended_at' } as const;
const INTERVENTION = {
  interventionId: 'intervention_id',
  type: 'type',
  providerOrganisationId: 'provider_organisation_id',
  status: 'status',
  startedAt: 'started_at',
  endedAt: 'ended_at',
} as const;
const STATUS = {
  statusId: 'status_id',
  moment: 'moment',
  status: 'status',
  incomeSources: 'income_sources',
  expectedToLastOneMonth: 'expected_to_last_one_month',
  unemployedSince: 'unemployed_since',
  recordedFor: 'occurred_at',
} as const;

/** A row as the write side's record: each field from its column, a null left out as the record leaves it out. */
function inWriteSideWords<Row extends object>(row: Row, columns: Readonly<Record<string, keyof Row>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(columns)
      .filter(([, column]) => row[column] !== null)
      .map(([field, column]) => [field, row[column]]),
  );
}

function expectRowsAgree(log: readonly RecordedEvent[]): void {
  const facts = factsOf(log);
  const state = log.reduce((each, event) => evolveParticipant(each, stamp<ParticipantEvent>(event)), initialParticipantState);
  if (state.status !== 'registered') throw new Error('The history registers its participant first');
  const journeys = Object.values(state.journeys);
  expect(facts.journeys.map((row) => row.journey_id)).toEqual(journeys.map((journey) => journey.journeyId));
  for (const journey of journeys) {
    const own = <Row extends { journey_id: string }>(rows: readonly Row[]): Row[] =>
      rows.filter((row) => row.journey_id === journey.journeyId);
    const counted = journey.steps.filter((step) => !journey.corrected.includes(step.id));
    // The write side's journey just before a step, as the steps not corrected make it.
    const before = (step: StampedEvent<JourneyStepEvent>): Journey =>
      journeyFromSteps({ ...journey, steps: journey.steps.slice(0, journey.steps.indexOf(step)) });
    const assigned = { caseworker_id: journey.caseworkerId ?? null, unit_id: journey.unitId ?? null };

    expect(own(facts.journeys)).toEqual([
      expect.objectContaining({
        ...assigned,
        organisation_id: journey.organisationId,
        status: journey.status,
        opened_at: journey.openedAt,
        closed_at: journey.closedAt ?? null,
        closing_reason: journey.closingReason ?? null,
      }),
    ]);

    const enrolments = own(facts.enrolments);
    expect(enrolments.map((row) => inWriteSideWords(row, ENROLMENT))).toEqual(Object.values(journey.enrolments));
    for (const row of enrolments) expect(row).toMatchObject(assigned);
    if (journey.activeEnrolmentId !== undefined) {
      expect(enrolments.find((row) => row.enrolment_id === journey.activeEnrolmentId)?.ended_at).toBeNull();
    }

    const interventions = own(facts.interventions);
    // The enrolment a row counts an intervention for is checked below: a plan without one counts for the active one.
    expect(interventions.map((row) => inWriteSideWords(row, INTERVENTION))).toEqual(
      Object.values(journey.interventions).map(
        ({ enrolmentId: _enrolment, interruptionReason: _reason, ...intervention }) => intervention,
      ),
    );
    for (const row of interventions) {
      // The plan that counts is the last one not corrected; without an enrolment it counts for the active one.
      const plan = counted
        .filter((step) => step.type === 'InterventionPlanned' && step.data.interventionId === row.intervention_id)
        .at(-1) as StampedEvent<Extract<JourneyStepEvent, { type: 'InterventionPlanned' }>>;
      expect(row).toMatchObject({
        participant_id: state.participantId,
        organisation_id: journey.organisationId,
        planned_at: plan.occurredAt,
        enrolment_id: plan.data.enrolmentId ?? before(plan).activeEnrolmentId ?? null,
      });
    }

    const statuses = own(facts.statuses);
    expect(statuses.map((row) => inWriteSideWords(row, STATUS))).toEqual(
      journey.statuses.map(({ eventId: _eventId, enrolmentId: _enrolment, ...status }) => status),
    );
    journey.statuses.forEach((status, i) => {
      const step = counted.find((each) => each.id === status.eventId) as StampedEvent<
        Extract<JourneyStepEvent, { type: 'LabourMarketStatusRecorded' }>
      >;
      expect(statuses[i]!.expected_to_last_one_month).toBe(step.data.expectedToLastOneMonth ?? null);
      const active = before(step).activeEnrolmentId;
      if (step.data.enrolmentId !== undefined) expect(statuses[i]!.enrolment_id).toBe(step.data.enrolmentId);
      else if (status.moment === 'entry') expect(statuses[i]!.enrolment_id).toBeNull();
      else if (status.moment === 'exit' && active !== undefined) expect(statuses[i]!.enrolment_id).toBe(active);
    });
  }
}

describe('The journeys read model and the write side, over the same history', () => {
  it('agree on every journey of a history the deciders wrote', () => {
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 1, maxLength: 60, size: 'max' }), (attempts) => expectRowsAgree(play(attempts))),
      { numRuns: propertyRuns(300) },
    );
  });

  // The projection folds whatever the log holds, such as an enrolment ended while another is active.
  it('agree on every journey of a log no decider checked', () => {
    fc.assert(
      fc.property(participantHistory, (history) => {
        const { streamId, events } = historyEvents([history])[0]!;
        expectRowsAgree(
          events.map((event, revision) => recorded(streamId, event, event.metadata.occurredAt, { id: event.id, revision })),
        );
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
