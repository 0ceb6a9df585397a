import {
  ClosingReason,
  DeclineReason,
  EducationBand,
  Gender,
  IncomeSource,
  InterventionType,
  LabourMarketStatus,
  StatusMoment,
} from './vocabulary';
import { dayInSweden } from '@samspar/kernel';
import type { StreamDecider } from '@samspar/kernel';
import { SharingLedger, emptyLedger, recordInLedger } from './sharing/sharing';
import { JOURNEY_STEP_TYPES, JourneyStepType } from './journey-step-types';
import { Edits } from './edits';

/**
 * One stream per participant holds the whole record: registration, consent, referrals and journeys.
 * Every rule (consent at the time of a referral, access through an accepted referral, a closed journey
 * taking no steps) is then decided against one consistent state with one revision check.
 */
export const participantStreamName = (participantId: string): string => `participant-${participantId}`;
export const PARTICIPANT_CATEGORY = 'participant';

/** Personal data, encrypted with the participant's own key (see @samspar/privacy). */
export interface SealedPersonalData {
  readonly alg: string;
  readonly kid: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

export type Identity =
  | { readonly kind: 'identified'; readonly personal: SealedPersonalData; readonly lookupHash: string }
  | { readonly kind: 'anonymous'; readonly reason: 'no_consent' | 'protected_identity' };

export interface StatisticalAttributes {
  readonly gender: Gender;
  readonly birthYear: number;
  readonly newlyArrived: boolean;
  readonly educationBand: EducationBand;
  /** Kommunkod, 4 digits. */
  readonly homeMunicipality?: string;
}

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type ParticipantEvent =
  | Event<
      'ParticipantRegistered',
      {
        participantId: string;
        organisationId: string;
        identity: Identity;
        attributes: StatisticalAttributes;
        protectedIdentity: boolean;
      }
    >
  | Event<
      'ConsentRecorded',
      { consentId: string; organisationIds: string[]; purpose: string; validFrom: string; validUntil?: string }
    >
  | Event<'ConsentWithdrawn', { consentId: string }>
  | Event<
      'ParticipantReferred',
      {
        referralId: string;
        fromOrganisationId: string;
        toOrganisationId: string;
        journeyId?: string;
        reason: string;
        suggestedTrackId?: string;
        deadlineAt: string;
      }
    >
  | Event<'ReferralAccepted', { referralId: string }>
  | Event<'ReferralDeclined', { referralId: string; reason: DeclineReason }>
  | Event<'ReferralWithdrawn', { referralId: string }>
  | Event<'ReferralExpired', { referralId: string }>
  | Event<'JourneyOpened', { journeyId: string; organisationId: string }>
  | Event<'CaseworkerAssigned', { journeyId: string; caseworkerId: string; unitId?: string }>
  | Event<'TrackEnrolled', { journeyId: string; enrolmentId: string; trackId: string }>
  | Event<'TrackEnrolmentEnded', { journeyId: string; enrolmentId: string }>
  | Event<
      'InterventionPlanned',
      { journeyId: string; interventionId: string; type: InterventionType; providerOrganisationId: string; enrolmentId?: string }
    >
  | Event<'InterventionStarted', { journeyId: string; interventionId: string }>
  | Event<'InterventionCompleted', { journeyId: string; interventionId: string }>
  | Event<'InterventionInterrupted', { journeyId: string; interventionId: string; reason: string }>
  | Event<
      'LabourMarketStatusRecorded',
      {
        journeyId: string;
        statusId: string;
        moment: StatusMoment;
        status: LabourMarketStatus;
        incomeSources: IncomeSource[];
        /** Kolada counts work only if it lasts at least one continuous month. */
        expectedToLastOneMonth?: boolean;
        enrolmentId?: string;
        /** At entry, for an unemployed participant: the first day of the unemployment (YYYY-MM-DD), for ESF+. */
        unemployedSince?: string;
      }
    >
  | Event<'JourneyClosed', { journeyId: string; reason: ClosingReason }>
  | Event<'JourneyReopened', { journeyId: string }>
  /** A wrongly recorded step, voided by a new fact; the original stays in the log. */
  | Event<'StepCorrected', { journeyId: string; correctedEventId: string; reason: string }>;

export type ParticipantEventType = ParticipantEvent['type'];

/**
 * An event as the fold sees it: with when it happened, and its id for corrections; when it was recorded and
 * for which organisation, for the sharing rule (an event being decided is recorded now, by the actor).
 */
export type StampedEvent<E> = E & {
  readonly id: string;
  readonly occurredAt: string;
  readonly recordedAt?: string;
  readonly organisationId?: string;
};

export interface Consent {
  readonly consentId: string;
  /** The organisation that recorded it, and the only one that records its withdrawal. */
  readonly recordedBy?: string;
  readonly organisationIds: readonly string[];
  readonly purpose: string;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly withdrawnAt?: string;
}

export type ReferralStatus = 'sent' | 'accepted' | 'declined' | 'withdrawn' | 'expired';

export interface Referral {
  readonly referralId: string;
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly journeyId?: string;
  readonly status: ReferralStatus;
  readonly sentAt: string;
  readonly deadlineAt: string;
  readonly answeredAt?: string;
  readonly declineReason?: DeclineReason;
}

export type InterventionStatus = 'planned' | 'started' | 'completed' | 'interrupted';

export interface Intervention {
  readonly interventionId: string;
  readonly type: InterventionType;
  readonly providerOrganisationId: string;
  readonly status: InterventionStatus;
  /** The track enrolment it was planned within, when there is one. */
  readonly enrolmentId?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Why it was interrupted, as recorded. */
  readonly interruptionReason?: string;
}

export interface Enrolment {
  readonly enrolmentId: string;
  readonly trackId: string;
  readonly startedAt: string;
  readonly endedAt?: string;
}

export interface StatusRecord {
  readonly statusId: string;
  readonly eventId: string;
  readonly moment: StatusMoment;
  readonly status: LabourMarketStatus;
  readonly incomeSources: readonly IncomeSource[];
  /** For work: whether it is expected to last at least one continuous month (Kolada counts work only then). */
  readonly expectedToLastOneMonth?: boolean;
  /** The track enrolment the status is counted for, when there is one. */
  readonly enrolmentId?: string;
  /** At entry, for an unemployed participant: since when (YYYY-MM-DD). */
  readonly unemployedSince?: string;
  readonly recordedFor: string;
}

export interface Correction {
  readonly correctedEventId: string;
  readonly reason: string;
  readonly correctedAt: string;
}

export interface Journey {
  readonly journeyId: string;
  readonly organisationId: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly closingReason?: ClosingReason;
  readonly caseworkerId?: string;
  readonly unitId?: string;
  readonly enrolments: Readonly<Record<string, Enrolment>>;
  readonly activeEnrolmentId?: string;
  readonly interventions: Readonly<Record<string, Intervention>>;
  readonly statuses: readonly StatusRecord[];
  /** Ids of events voided by StepCorrected. */
  readonly corrected: readonly string[];
  /** The corrections themselves, with their reasons; absent until the first. */
  readonly corrections?: readonly Correction[];
  /** Step events of this journey, so that a correction can name one. */
  readonly stepEventIds: readonly string[];
  /** The steps themselves: a correction rebuilds the journey from those not corrected. */
  readonly steps: readonly StampedEvent<JourneyStepEvent>[];
}

/** Events that record something done within a journey, and that a StepCorrected may void. */
export type JourneyStepEvent = Extract<ParticipantEvent, { type: JourneyStepType }>;

// Typed as event types, so that a step type this union does not know fails to compile.
const journeyStepTypes: ReadonlySet<ParticipantEventType> = new Set<ParticipantEventType>(JOURNEY_STEP_TYPES);

/** True for a journey step, whatever else the event carries (its id, its dates). */
export function isJourneyStep<E extends { readonly type: string }>(event: E): event is E & JourneyStepEvent {
  return (journeyStepTypes as ReadonlySet<string>).has(event.type);
}

export type ParticipantState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly participantId: string;
      readonly organisationId: string;
      readonly registeredAt: string;
      readonly identity: Identity;
      readonly attributes: StatisticalAttributes;
      readonly protectedIdentity: boolean;
      readonly consents: Readonly<Record<string, Consent>>;
      readonly referrals: Readonly<Record<string, Referral>>;
      readonly journeys: Readonly<Record<string, Journey>>;
      /** Who owns which record, and the consents that share them (see sharing/sharing.ts). */
      readonly sharing: SharingLedger;
    };

export type RegisteredParticipant = Extract<ParticipantState, { status: 'registered' }>;

export const initialParticipantState: ParticipantState = { status: 'unregistered' };

function updateJourney(
  edits: Edits,
  state: RegisteredParticipant,
  journeyId: string,
  update: (journey: Journey) => Journey,
): ParticipantState {
  const journey = state.journeys[journeyId];
  if (!journey) return state;
  return edits.with(state, { journeys: edits.put(state.journeys, journeyId, update(journey)) });
}

/** Records a step and applies what it means. */
function withStep(edits: Edits, journey: Journey, step: StampedEvent<JourneyStepEvent>): Journey {
  const recorded = edits.with(journey, {
    stepEventIds: edits.push(journey.stepEventIds, step.id),
    steps: edits.push(journey.steps, step),
  });
  return applyStep(edits, recorded, step);
}

/** What a step means for the journey, apart from the bookkeeping of steps. */
function applyStep(edits: Edits, journey: Journey, event: StampedEvent<JourneyStepEvent>): Journey {
  const at = event.occurredAt;
  switch (event.type) {
    case 'CaseworkerAssigned':
      // A new assignment replaces the old one whole, unit included.
      return edits.with<Journey>(edits.without(journey, 'unitId'), {
        caseworkerId: event.data.caseworkerId,
        ...(event.data.unitId ? { unitId: event.data.unitId } : {}),
      });
    case 'TrackEnrolled':
      return edits.with(journey, {
        activeEnrolmentId: event.data.enrolmentId,
        enrolments: edits.put(journey.enrolments, event.data.enrolmentId, {
          enrolmentId: event.data.enrolmentId,
          trackId: event.data.trackId,
          startedAt: at,
        }),
      });
    case 'TrackEnrolmentEnded': {
      const enrolment = journey.enrolments[event.data.enrolmentId];
      if (!enrolment) return journey;
      const ended = edits.with(journey, {
        enrolments: edits.put(journey.enrolments, enrolment.enrolmentId, edits.with(enrolment, { endedAt: at })),
      });
      // Ending one enrolment ends no other: an enrolment still running stays the active one.
      if (journey.activeEnrolmentId !== enrolment.enrolmentId) return ended;
      return edits.without(ended, 'activeEnrolmentId');
    }
    case 'InterventionPlanned':
      return edits.with(journey, {
        interventions: edits.put(journey.interventions, event.data.interventionId, {
          interventionId: event.data.interventionId,
          type: event.data.type,
          providerOrganisationId: event.data.providerOrganisationId,
          status: 'planned',
          ...(event.data.enrolmentId !== undefined ? { enrolmentId: event.data.enrolmentId } : {}),
        }),
      });
    case 'InterventionStarted':
      return updateIntervention(edits, journey, event.data.interventionId, { status: 'started', startedAt: at });
    case 'InterventionCompleted':
      return updateIntervention(edits, journey, event.data.interventionId, { status: 'completed', endedAt: at });
    case 'InterventionInterrupted':
      return updateIntervention(edits, journey, event.data.interventionId, {
        status: 'interrupted',
        endedAt: at,
        interruptionReason: event.data.reason,
      });
    case 'LabourMarketStatusRecorded':
      return edits.with(journey, {
        statuses: edits.push(journey.statuses, {
          statusId: event.data.statusId,
          eventId: event.id,
          moment: event.data.moment,
          status: event.data.status,
          incomeSources: event.data.incomeSources,
          ...(event.data.expectedToLastOneMonth !== undefined
            ? { expectedToLastOneMonth: event.data.expectedToLastOneMonth }
            : {}),
          ...(event.data.enrolmentId !== undefined ? { enrolmentId: event.data.enrolmentId } : {}),
          ...(event.data.unemployedSince !== undefined ? { unemployedSince: event.data.unemployedSince } : {}),
          recordedFor: at,
        }),
      });
    default: {
      const unknown: never = event;
      void unknown;
      return journey;
    }
  }
}

/** What a journey's steps make of it. */
type MadeBySteps = 'caseworkerId' | 'unitId' | 'enrolments' | 'activeEnrolmentId' | 'interventions' | 'statuses';

/** A journey with or without what its steps made of it: journeyFromSteps makes that again. */
export type JourneyRecord = Omit<Journey, MadeBySteps> & Partial<Pick<Journey, MadeBySteps>>;

/**
 * The journey as its uncorrected steps make it: the one fold of a journey's steps, for this stream after a
 * correction and for the read models' rows. `observe` sees each step counted, with the journey before it.
 */
export function journeyFromSteps(
  journey: JourneyRecord,
  observe?: (step: StampedEvent<JourneyStepEvent>, before: Journey) => void,
): Journey {
  // Copying, so that each journey `observe` is shown stays as it was.
  return remade(Edits.copying, journey, observe);
}

function remade(
  edits: Edits,
  journey: JourneyRecord,
  observe?: (step: StampedEvent<JourneyStepEvent>, before: Journey) => void,
): Journey {
  const {
    caseworkerId: _caseworker,
    unitId: _unit,
    activeEnrolmentId: _active,
    enrolments: _enrolments,
    interventions: _interventions,
    statuses: _statuses,
    ...record
  } = journey;
  const corrected = new Set(journey.corrected);
  let made: Journey = { ...record, enrolments: {}, interventions: {}, statuses: [] };
  for (const step of journey.steps) {
    if (corrected.has(step.id)) continue;
    observe?.(step, made);
    made = applyStep(edits, made, step);
  }
  return made;
}

function updateReferral(
  edits: Edits,
  state: RegisteredParticipant,
  referralId: string,
  update: Partial<Referral>,
): ParticipantState {
  const referral = state.referrals[referralId];
  if (!referral) return state;
  return edits.with(state, { referrals: edits.put(state.referrals, referralId, edits.with(referral, update)) });
}

function updateIntervention(edits: Edits, journey: Journey, interventionId: string, update: Partial<Intervention>): Journey {
  const intervention = journey.interventions[interventionId];
  if (!intervention) return journey;
  return edits.with(journey, {
    interventions: edits.put(journey.interventions, interventionId, edits.with(intervention, update)),
  });
}

/** The state after one more event. Pure: the state given is left as it was, and so is the one returned. */
export function evolveParticipant(state: ParticipantState, event: StampedEvent<ParticipantEvent>): ParticipantState {
  return evolveWith(Edits.copying, state, event);
}

/**
 * A fold of one participant's stream that changes its own working copy in place, for replaying a long stream:
 * the same states as evolveParticipant, at a cost that grows with the stream rather than its square.
 */
export class ParticipantFold {
  private readonly edits = Edits.inPlace();
  private current: ParticipantState;

  constructor(from: ParticipantState = initialParticipantState) {
    this.current = from;
  }

  add(event: StampedEvent<ParticipantEvent>): this {
    this.current = evolveWith(this.edits, this.current, event);
    return this;
  }

  /** The state so far, handed out: it stays as it is, whatever the fold takes after. */
  get state(): ParticipantState {
    this.edits.handOut();
    return this.current;
  }

  /** The state so far without handing it out, for reading at once: the next event may change it. */
  peek(): ParticipantState {
    return this.current;
  }

  /** A fold of its own from the state so far. */
  fork(): ParticipantFold {
    return new ParticipantFold(this.state);
  }
}

/** Folds events onto a state in place: the same state as evolveParticipant, and the state given stays as it was. */
export function replayParticipant(state: ParticipantState, events: Iterable<StampedEvent<ParticipantEvent>>): ParticipantState {
  const fold = new ParticipantFold(state);
  for (const event of events) fold.add(event);
  return fold.state;
}

/** Folds a whole stream. */
export function foldParticipant(events: Iterable<StampedEvent<ParticipantEvent>>): ParticipantState {
  return replayParticipant(initialParticipantState, events);
}

/** How every decider of a participant's stream folds it: a loaded stream is replayed in place. */
export const participantFolding = {
  initialState: initialParticipantState,
  evolve: evolveParticipant,
  replay: replayParticipant,
} satisfies Pick<StreamDecider<unknown, ParticipantEvent, ParticipantState>, 'initialState' | 'evolve' | 'replay'>;

function evolveWith(edits: Edits, state: ParticipantState, event: StampedEvent<ParticipantEvent>): ParticipantState {
  // Read before the record changes, as in place it may.
  const before = event.type === 'ParticipantRegistered' || state.status !== 'registered' ? emptyLedger : state.sharing;
  const next = evolveRecord(edits, state, event);
  if (next.status !== 'registered') return next;
  const sharing = recordInLedger(before, event, edits);
  // An event this version does not know changes nothing (in place, a change keeps the same objects).
  if (next === state && sharing === before) return state;
  return edits.with(next, { sharing });
}

function evolveRecord(edits: Edits, state: ParticipantState, event: StampedEvent<ParticipantEvent>): ParticipantState {
  if (event.type === 'ParticipantRegistered') {
    return {
      status: 'registered',
      participantId: event.data.participantId,
      organisationId: event.data.organisationId,
      registeredAt: event.occurredAt,
      identity: event.data.identity,
      attributes: event.data.attributes,
      protectedIdentity: event.data.protectedIdentity,
      consents: {},
      referrals: {},
      journeys: {},
      sharing: emptyLedger,
    };
  }
  if (state.status !== 'registered') return state;
  if (isJourneyStep(event)) {
    return updateJourney(edits, state, event.data.journeyId, (journey) => withStep(edits, journey, event));
  }
  const at = event.occurredAt;
  switch (event.type) {
    case 'ConsentRecorded': {
      const { consentId, ...consent } = event.data;
      const recordedBy = event.organisationId?.toLowerCase();
      return edits.with(state, {
        consents: edits.put(state.consents, consentId, { consentId, ...(recordedBy ? { recordedBy } : {}), ...consent }),
      });
    }
    case 'ConsentWithdrawn': {
      const consent = state.consents[event.data.consentId];
      if (!consent) return state;
      return edits.with(state, {
        consents: edits.put(state.consents, consent.consentId, edits.with(consent, { withdrawnAt: at })),
      });
    }
    case 'ParticipantReferred': {
      const { referralId, ...referral } = event.data;
      return edits.with(state, {
        referrals: edits.put(state.referrals, referralId, { referralId, ...referral, status: 'sent', sentAt: at }),
      });
    }
    case 'ReferralAccepted':
      return updateReferral(edits, state, event.data.referralId, { status: 'accepted', answeredAt: at });
    case 'ReferralDeclined':
      return updateReferral(edits, state, event.data.referralId, {
        status: 'declined',
        answeredAt: at,
        declineReason: event.data.reason,
      });
    case 'ReferralWithdrawn':
      return updateReferral(edits, state, event.data.referralId, { status: 'withdrawn', answeredAt: at });
    case 'ReferralExpired':
      return updateReferral(edits, state, event.data.referralId, { status: 'expired', answeredAt: at });
    case 'JourneyOpened':
      return edits.with(state, {
        journeys: edits.put(state.journeys, event.data.journeyId, {
          journeyId: event.data.journeyId,
          organisationId: event.data.organisationId,
          status: 'open',
          openedAt: at,
          enrolments: {},
          interventions: {},
          statuses: [],
          corrected: [],
          stepEventIds: [],
          steps: [],
        }),
      });
    case 'JourneyClosed':
      return updateJourney(edits, state, event.data.journeyId, (journey) =>
        edits.with(journey, { status: 'closed', closedAt: at, closingReason: event.data.reason }),
      );
    case 'JourneyReopened':
      return updateJourney(edits, state, event.data.journeyId, (journey) =>
        edits.with<Journey>(edits.without(journey, 'closedAt', 'closingReason'), { status: 'open' }),
      );
    case 'StepCorrected':
      return updateJourney(edits, state, event.data.journeyId, (journey) =>
        remade(
          edits,
          edits.with(journey, {
            corrected: edits.push(journey.corrected, event.data.correctedEventId),
            corrections: edits.push(journey.corrections ?? [], {
              correctedEventId: event.data.correctedEventId,
              reason: event.data.reason,
              correctedAt: at,
            }),
          }),
        ),
      );
    default: {
      // Unknown types are ignored, so that old code folds newer streams.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** Organisations that may see this participant's data at `at`, under OSL. */
export function organisationsWithAccess(state: ParticipantState, at: string): Set<string> {
  const organisations = new Set<string>();
  if (state.status !== 'registered') return organisations;
  organisations.add(state.organisationId);
  // Any other organisation, even one running a journey, sees the participant only while a consent names it:
  // a withdrawal stops the sharing, though what it recorded stays.
  const others = [
    ...Object.values(state.journeys).map((journey) => journey.organisationId),
    ...Object.values(state.referrals)
      .filter((referral) => referral.status === 'accepted')
      .map((referral) => referral.toOrganisationId),
  ];
  for (const organisationId of others) {
    if (organisations.has(organisationId) || consentCovers(state, organisationId, at)) organisations.add(organisationId);
  }
  return organisations;
}

// Consent periods are Swedish calendar days, so an instant is judged by the day it falls on in Sweden (dayInSweden).

/** True when a consent valid at `at` names the organisation. */
export function consentCovers(state: ParticipantState, organisationId: string, at: string): boolean {
  if (state.status !== 'registered') return false;
  const day = dayInSweden(at);
  return Object.values(state.consents).some(
    (consent) =>
      consent.organisationIds.includes(organisationId) &&
      consent.validFrom <= day &&
      (consent.validUntil === undefined || day <= consent.validUntil) &&
      (consent.withdrawnAt === undefined || at < consent.withdrawnAt),
  );
}
