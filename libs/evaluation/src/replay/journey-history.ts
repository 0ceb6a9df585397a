import type { RecordedEvent } from '@samspar/kernel';
import { pseudonymisedData } from '../export/pseudonymised-event';
import { stamp } from '@samspar/journeys';
import {
  InterventionStatus,
  Journey,
  ParticipantEvent,
  ParticipantFold,
  ParticipantState,
  isJourneyStep,
} from '@samspar/journeys';
import { JourneyView, journeyView } from '@samspar/journeys';

/** The journey as it stood at one point, without the raw step list (the entries carry the steps). */
export type JourneyState = Omit<JourneyView, 'caseworkerId' | 'corrections'> & {
  /** The assigned caseworker, pseudonymised; absent when no pseudonym function was given. */
  readonly caseworkerId?: string;
  /** The corrections without their reasons, which are free text (as in the export). */
  readonly corrections?: ReadonlyArray<{ readonly correctedEventId: string; readonly correctedAt: string }>;
};

/** The journey in a few fields: what it is, and how many of each thing it holds. */
export interface JourneySummary {
  readonly journeyId: string;
  readonly organisationId: string;
  readonly status: Journey['status'];
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly closingReason?: Journey['closingReason'];
  readonly caseworkerId?: string;
  readonly unitId?: string;
  readonly activeEnrolmentId?: string;
  readonly counts: {
    readonly enrolments: number;
    readonly interventions: Readonly<Record<InterventionStatus, number>>;
    readonly statuses: number;
    readonly corrected: number;
  };
}

export interface HistoryEntry<State extends JourneyState | JourneySummary = JourneyState | JourneySummary> {
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Role and organisation only: who the user was is not the evaluator's business. */
  readonly actor?: { readonly role: string; readonly organisationId?: string };
  /** The event's data as the export's allow-list passes it: codes and dates kept, ids pseudonymised, free text left out. */
  readonly data: unknown;
  /**
   * The journey after this event, as it was known when the event was recorded; null before it opened.
   * A summary unless full states were asked for: full ones grow with the journey, and so the answer with its square.
   */
  readonly stateAfter: State | null;
  /** With `asOf`: whether the event counts as of that instant (recorded and happened by then). */
  readonly knownAsOf?: boolean;
  /** For a step a StepCorrected voided later: which correction, and when it was recorded (its reason is free text, left out). */
  readonly correctedBy?: { readonly eventId: string; readonly correctedAt: string };
}

/** A voided step, as it was known before its correction was recorded and as it is known now. */
export interface CorrectionView {
  readonly stepEventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly correctionEventId: string;
  /** When the StepCorrected was recorded: from then on the step no longer counts. */
  readonly correctedAt: string;
  /** When the correction says it took effect (its occurredAt). */
  readonly correctionOccurredAt: string;
  /** The step counted from its recording until the correction was recorded. */
  readonly knownThen: true;
  /** It does not count now. */
  readonly knownNow: false;
  /** With `asOf`: the step counts as of that instant, because the correction does not yet. */
  readonly countsAsOf?: boolean;
}

export interface JourneyHistory<State extends JourneyState | JourneySummary = JourneyState | JourneySummary> {
  readonly journeyId: string;
  /** The instant asked for, ISO 8601. */
  readonly asOf?: string;
  readonly entries: readonly HistoryEntry<State>[];
  readonly corrections: readonly CorrectionView[];
  /** After every event: the journey as it is known now. */
  readonly stateNow: JourneyState;
  /** With `asOf`: folded from exactly the events recorded and happened by then, in log order; null if not yet opened. */
  readonly stateAsOf?: JourneyState | null;
}

export interface JourneyHistoryOptions {
  readonly asOf?: Date;
  /** What each entry's stateAfter holds: the whole journey (default) or a summary. */
  readonly states?: 'full' | 'summary';
  /** Maps an id to its pseudonym, as the export does; without it, pseudonymised fields are left out. */
  readonly pseudonym?: (id: string) => string;
  /** Which events the caller may see as entries (an evaluator: those its organisations own); all by default. */
  readonly include?: (event: RecordedEvent) => boolean;
}

/** metrics.md: an event counts as of T when it was recorded by T and happened by T. */
export function knownAsOf(event: RecordedEvent, asOf: number): boolean {
  return Date.parse(event.recordedAt) <= asOf && Date.parse(event.metadata.occurredAt) <= asOf;
}

type Stamped = ReturnType<typeof stamp<ParticipantEvent>>;

/**
 * Replays a participant's stream for one journey: every event that concerns it with the journey after it, the
 * corrections known then and now, and the journey as of an instant. One pass, with two folds kept side by side
 * (everything, and only what counts as of T), each changing its own working copy, and summaries counted as the
 * journey changes, so the cost grows with the stream, not its square (full states excepted: they are that big).
 * Undefined when the stream never opened this journey.
 */
export function journeyHistory(
  events: readonly RecordedEvent[],
  journeyId: string,
  options?: JourneyHistoryOptions & { readonly states?: 'full' },
): JourneyHistory<JourneyState> | undefined;
export function journeyHistory(
  events: readonly RecordedEvent[],
  journeyId: string,
  options: JourneyHistoryOptions & { readonly states: 'summary' },
): JourneyHistory<JourneySummary> | undefined;
export function journeyHistory(
  events: readonly RecordedEvent[],
  journeyId: string,
  options?: JourneyHistoryOptions,
): JourneyHistory | undefined;
export function journeyHistory(
  events: readonly RecordedEvent[],
  journeyId: string,
  options: JourneyHistoryOptions = {},
): JourneyHistory | undefined {
  const asOf = options.asOf?.getTime();
  const pseudonym = options.pseudonym && remembered(options.pseudonym);
  const summaries = options.states === 'summary';
  const show = (journey: Journey | undefined): JourneyState | null => (journey ? journeyState(journey, pseudonym) : null);

  const now = new ParticipantFold();
  // Until an event is left out, the fold as of T is the fold of everything: it forks from it only then.
  let then: ParticipantFold | undefined;
  const tally = new InterventionTally(journeyId);
  const referralIds = new Set<string>();
  const steps = new Map<string, { entry: number; event: RecordedEvent }>();
  const entries: HistoryEntry[] = [];
  const corrections: CorrectionView[] = [];

  for (const event of events) {
    const stamped = stamp<ParticipantEvent>(event);
    const counts = asOf !== undefined && knownAsOf(event, asOf);
    if (asOf !== undefined) {
      if (!counts) then ??= now.fork();
      else then?.add(stamped);
    }
    if (summaries) tally.before(now.peek(), stamped);
    now.add(stamped);
    if (summaries) tally.after(now.peek(), stamped);
    if (!concernsJourney(stamped, journeyId, referralIds)) continue;
    if (options.include && !options.include(event)) continue;

    entries.push({
      revision: event.revision,
      eventId: event.id,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      ...(event.metadata.actor
        ? {
            actor: {
              role: event.metadata.actor.role,
              ...(event.metadata.actor.organisationId ? { organisationId: event.metadata.actor.organisationId } : {}),
            },
          }
        : {}),
      data: allowListed(event, pseudonym),
      // A full state is handed out, so the fold copies before it changes what the state holds.
      stateAfter: summaries
        ? summaryOf(journeyOf(now.peek(), journeyId), tally, pseudonym)
        : show(journeyOf(now.state, journeyId)),
      ...(asOf !== undefined ? { knownAsOf: counts } : {}),
    });
    if (isJourneyStep(stamped)) steps.set(event.id, { entry: entries.length - 1, event });
    if (stamped.type === 'StepCorrected') {
      const step = steps.get(stamped.data.correctedEventId);
      if (!step) continue;
      const correctedBy = { eventId: event.id, correctedAt: event.recordedAt };
      // A step is voided once; should a second correction ever be stored, the first one stands.
      if (!entries[step.entry]!.correctedBy) entries[step.entry] = { ...entries[step.entry]!, correctedBy };
      corrections.push({
        stepEventId: step.event.id,
        type: step.event.type,
        occurredAt: step.event.metadata.occurredAt,
        recordedAt: step.event.recordedAt,
        correctionEventId: event.id,
        correctedAt: event.recordedAt,
        correctionOccurredAt: event.metadata.occurredAt,
        knownThen: true,
        knownNow: false,
      });
    }
  }

  const current = journeyOf(now.state, journeyId);
  if (!current) return undefined;
  const journeyAsOf = asOf === undefined ? undefined : journeyOf((then ?? now).state, journeyId);
  // Decided by the as-of fold itself: the step counts when that fold took it and no correction it took voided it.
  const takenAsOf = new Set(journeyAsOf?.stepEventIds);
  const voidedAsOf = new Set(journeyAsOf?.corrected);
  const countsAsOf = (stepEventId: string): boolean => takenAsOf.has(stepEventId) && !voidedAsOf.has(stepEventId);
  return {
    journeyId,
    ...(options.asOf ? { asOf: options.asOf.toISOString() } : {}),
    entries,
    corrections:
      asOf === undefined
        ? corrections
        : corrections.map((correction) => ({ ...correction, countsAsOf: countsAsOf(correction.stepEventId) })),
    stateNow: journeyState(current, pseudonym),
    ...(asOf !== undefined ? { stateAsOf: show(journeyAsOf) } : {}),
  };
}

/** The journey within a folded participant; undefined until it was opened. */
export function journeyOf(state: ParticipantState, journeyId: string): Journey | undefined {
  return state.status === 'registered' ? state.journeys[journeyId] : undefined;
}

/** What an evaluator may see of a journey: the view without steps, the caseworker pseudonymised or left out. */
export function journeyState(journey: Journey, pseudonym?: (id: string) => string): JourneyState {
  const { caseworkerId, corrections, ...view } = journeyView(journey);
  return {
    ...view,
    ...(corrections
      ? { corrections: corrections.map(({ correctedEventId, correctedAt }) => ({ correctedEventId, correctedAt })) }
      : {}),
    ...(caseworkerId !== undefined && pseudonym ? { caseworkerId: pseudonym(caseworkerId) } : {}),
  };
}

export function journeySummary(journey: Journey, pseudonym?: (id: string) => string): JourneySummary {
  return summaryWith(journey, interventionCounts(journey), pseudonym);
}

function interventionCounts(journey: Journey | undefined): Record<InterventionStatus, number> {
  const counts: Record<InterventionStatus, number> = { planned: 0, started: 0, completed: 0, interrupted: 0 };
  for (const intervention of Object.values(journey?.interventions ?? {})) counts[intervention.status] += 1;
  return counts;
}

function summaryOf(
  journey: Journey | undefined,
  tally: InterventionTally,
  pseudonym: ((id: string) => string) | undefined,
): JourneySummary | null {
  return journey ? summaryWith(journey, tally.counts(), pseudonym) : null;
}

function summaryWith(
  journey: Journey,
  interventions: Readonly<Record<InterventionStatus, number>>,
  pseudonym?: (id: string) => string,
): JourneySummary {
  return {
    journeyId: journey.journeyId,
    organisationId: journey.organisationId,
    status: journey.status,
    openedAt: journey.openedAt,
    ...(journey.closedAt !== undefined ? { closedAt: journey.closedAt } : {}),
    ...(journey.closingReason !== undefined ? { closingReason: journey.closingReason } : {}),
    ...(journey.caseworkerId !== undefined && pseudonym ? { caseworkerId: pseudonym(journey.caseworkerId) } : {}),
    ...(journey.unitId !== undefined ? { unitId: journey.unitId } : {}),
    ...(journey.activeEnrolmentId !== undefined ? { activeEnrolmentId: journey.activeEnrolmentId } : {}),
    counts: {
      enrolments: Object.keys(journey.enrolments).length,
      interventions,
      statuses: journey.statuses.length,
      corrected: journey.corrected.length,
    },
  };
}

const INTERVENTION_STEPS = new Set([
  'InterventionPlanned',
  'InterventionStarted',
  'InterventionCompleted',
  'InterventionInterrupted',
]);
/** Events naming a journey that leave its interventions as they were. */
const LEAVING_INTERVENTIONS = new Set([
  'CaseworkerAssigned',
  'TrackEnrolled',
  'TrackEnrolmentEnded',
  'LabourMarketStatusRecorded',
  'JourneyClosed',
  'JourneyReopened',
  'ParticipantReferred',
]);

/**
 * The journey's interventions counted by status as each event changes them, for the summaries: counting them
 * afresh for every entry costs the square of the journey. An intervention step changes one intervention; anything
 * else that may change them (an opening, a correction, an event this code does not know) is counted afresh.
 */
class InterventionTally {
  private byStatus = interventionCounts(undefined);
  private was: InterventionStatus | undefined;

  constructor(private readonly journeyId: string) {}

  before(state: ParticipantState, event: Stamped): void {
    this.was = INTERVENTION_STEPS.has(event.type) ? this.statusOf(state, event) : undefined;
  }

  after(state: ParticipantState, event: Stamped): void {
    if (INTERVENTION_STEPS.has(event.type)) {
      const is = this.statusOf(state, event);
      if (this.was !== undefined) this.byStatus[this.was] -= 1;
      if (is !== undefined) this.byStatus[is] += 1;
      return;
    }
    const named = (event.data as { journeyId?: unknown }).journeyId === this.journeyId;
    if (event.type === 'ParticipantRegistered' || (named && !LEAVING_INTERVENTIONS.has(event.type))) {
      this.byStatus = interventionCounts(journeyOf(state, this.journeyId));
    }
  }

  counts(): Readonly<Record<InterventionStatus, number>> {
    return { ...this.byStatus };
  }

  private statusOf(state: ParticipantState, event: Stamped): InterventionStatus | undefined {
    const { journeyId, interventionId } = event.data as { journeyId?: unknown; interventionId?: unknown };
    if (journeyId !== this.journeyId || typeof interventionId !== 'string') return undefined;
    return journeyOf(state, this.journeyId)?.interventions[interventionId]?.status;
  }
}

/** The pseudonym function, asked once per id: a replay names the same few ids in every entry. */
function remembered(pseudonym: (id: string) => string): (id: string) => string {
  const known = new Map<string, string>();
  return (id) => {
    let found = known.get(id);
    if (found === undefined) known.set(id, (found = pseudonym(id)));
    return found;
  };
}

/** Events naming the journey, and the answers to referrals sent within it. */
function concernsJourney(event: Stamped, journeyId: string, referralIds: Set<string>): boolean {
  const data = event.data as { journeyId?: unknown; referralId?: unknown };
  if (event.type === 'ParticipantReferred' && data.journeyId === journeyId) referralIds.add(event.data.referralId);
  if (data.journeyId === journeyId) return true;
  return typeof data.referralId === 'string' && referralIds.has(data.referralId);
}

/**
 * An event's data as evaluators get it everywhere: through the export's allow-list, one entry per event type,
 * so that sealed personal data, lookup hashes, user ids and free text (a correction's reason) never reach them.
 * Without a pseudonym function the pseudonymised fields are left out.
 */
export function allowListed(event: RecordedEvent, pseudonym?: (id: string) => string): unknown {
  const data = pseudonymisedData(event, pseudonym ?? (() => LEFT_OUT));
  if (!data) return {};
  if (pseudonym) return data;
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== LEFT_OUT));
}

const LEFT_OUT = '';
