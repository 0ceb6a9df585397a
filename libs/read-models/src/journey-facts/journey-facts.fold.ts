import type { RecordedEvent } from '@samspar/kernel';
import type { ParticipantEvent } from '@samspar/journeys';
import { koladaOutcome } from '@samspar/journeys';
import type { KoladaOutcome } from '@samspar/journeys';
import { ageBand } from '../reporting/dimensions';

/**
 * What the journeys read model keeps of one participant's stream, as JSON: enough to derive every
 * fact row again when a later event (a correction, a re-opening) changes what earlier ones mean.
 */
export interface ParticipantFold {
  readonly participantId: string;
  readonly organisationId: string;
  readonly registeredAt: string;
  readonly gender: string;
  readonly birthYear: number;
  readonly newlyArrived: boolean;
  readonly educationBand: string;
  readonly homeMunicipality: string | null;
  readonly anonymous: boolean;
  readonly protectedIdentity: boolean;
  /** When the latest entry was made in the record (recordedAt): gallring counts from it (SoL 12:1). */
  lastEntryAt: string;
  readonly journeys: Record<string, JourneyFold>;
  readonly referrals: Record<string, ReferralFold>;
}

export interface JourneyFold {
  readonly journeyId: string;
  readonly organisationId: string;
  status: 'open' | 'closed';
  readonly openedAt: string;
  closedAt: string | null;
  closingReason: string | null;
  lastActivityAt: string;
  /** Steps in log order; a correction voids one by id and the facts are derived again without it. */
  readonly steps: Step[];
  readonly corrected: string[];
}

type StepEvent = Extract<
  ParticipantEvent,
  {
    type:
      | 'CaseworkerAssigned'
      | 'TrackEnrolled'
      | 'TrackEnrolmentEnded'
      | 'InterventionPlanned'
      | 'InterventionStarted'
      | 'InterventionCompleted'
      | 'InterventionInterrupted'
      | 'LabourMarketStatusRecorded';
  }
>;
export type Step = StepEvent & { readonly id: string; readonly at: string };

export interface ReferralFold {
  readonly referralId: string;
  readonly journeyId: string | null;
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly suggestedTrackId: string | null;
  status: string;
  readonly sentAt: string;
  readonly deadlineAt: string;
  answeredAt: string | null;
  declineReason: string | null;
}

const STEP_TYPES = new Set<string>([
  'CaseworkerAssigned',
  'TrackEnrolled',
  'TrackEnrolmentEnded',
  'InterventionPlanned',
  'InterventionStarted',
  'InterventionCompleted',
  'InterventionInterrupted',
  'LabourMarketStatusRecorded',
]);

const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Applies one event of the participant's stream. Mutates the fold: it is private to one batch. */
export function foldParticipantEvent(fold: ParticipantFold | undefined, recorded: RecordedEvent): ParticipantFold | undefined {
  const event = { type: recorded.type, data: recorded.data } as ParticipantEvent;
  const at = recorded.metadata.occurredAt;
  if (event.type === 'ParticipantRegistered') {
    const { attributes, identity } = event.data;
    return {
      participantId: event.data.participantId,
      organisationId: event.data.organisationId,
      registeredAt: at,
      gender: attributes.gender,
      birthYear: attributes.birthYear,
      newlyArrived: attributes.newlyArrived,
      educationBand: attributes.educationBand,
      homeMunicipality: attributes.homeMunicipality ?? null,
      anonymous: identity.kind === 'anonymous',
      protectedIdentity: event.data.protectedIdentity,
      lastEntryAt: recorded.recordedAt,
      journeys: {},
      referrals: {},
    };
  }
  if (!fold) return fold;
  fold.lastEntryAt = later(fold.lastEntryAt ?? fold.registeredAt, recorded.recordedAt);
  const touch = (journeyId: string): JourneyFold | undefined => {
    const journey = fold.journeys[journeyId];
    if (journey) journey.lastActivityAt = later(journey.lastActivityAt, at);
    return journey;
  };
  const answer = (referralId: string, status: string, declineReason: string | null = null): void => {
    const referral = fold.referrals[referralId];
    if (!referral) return;
    referral.status = status;
    referral.answeredAt = at;
    referral.declineReason = declineReason;
  };
  switch (event.type) {
    case 'ParticipantReferred':
      fold.referrals[event.data.referralId] = {
        referralId: event.data.referralId,
        journeyId: event.data.journeyId ?? null,
        fromOrganisationId: event.data.fromOrganisationId,
        toOrganisationId: event.data.toOrganisationId,
        suggestedTrackId: event.data.suggestedTrackId ?? null,
        status: 'sent',
        sentAt: at,
        deadlineAt: event.data.deadlineAt,
        answeredAt: null,
        declineReason: null,
      };
      break;
    case 'ReferralAccepted':
      answer(event.data.referralId, 'accepted');
      break;
    case 'ReferralDeclined':
      answer(event.data.referralId, 'declined', event.data.reason);
      break;
    case 'ReferralWithdrawn':
      answer(event.data.referralId, 'withdrawn');
      break;
    case 'ReferralExpired':
      answer(event.data.referralId, 'expired');
      break;
    case 'JourneyOpened':
      fold.journeys[event.data.journeyId] = {
        journeyId: event.data.journeyId,
        organisationId: event.data.organisationId,
        status: 'open',
        openedAt: at,
        closedAt: null,
        closingReason: null,
        lastActivityAt: at,
        steps: [],
        corrected: [],
      };
      break;
    case 'JourneyClosed': {
      const journey = touch(event.data.journeyId);
      if (journey) Object.assign(journey, { status: 'closed', closedAt: at, closingReason: event.data.reason });
      break;
    }
    case 'JourneyReopened': {
      const journey = touch(event.data.journeyId);
      if (journey) Object.assign(journey, { status: 'open', closedAt: null, closingReason: null });
      break;
    }
    case 'StepCorrected':
      touch(event.data.journeyId)?.corrected.push(event.data.correctedEventId);
      break;
    default:
      if (STEP_TYPES.has(event.type)) {
        const step = event as StepEvent;
        touch(step.data.journeyId)?.steps.push({ ...step, id: recorded.id, at } as Step);
      }
  }
  return fold;
}

// ---- Facts derived from a fold -------------------------------------------------------------

export type Outcome = KoladaOutcome;

export interface ParticipantRow {
  participant_id: string;
  organisation_id: string;
  registered_at: string;
  gender: string;
  birth_year: number;
  newly_arrived: boolean;
  education_band: string;
  home_municipality: string | null;
  anonymous: boolean;
  protected_identity: boolean;
  last_entry_at: string;
}

export interface JourneyRow {
  journey_id: string;
  participant_id: string;
  organisation_id: string;
  unit_id: string | null;
  caseworker_id: string | null;
  status: string;
  opened_at: string;
  closed_at: string | null;
  closing_reason: string | null;
  last_activity_at: string;
  entry_status: string | null;
  entry_income_sources: string[] | null;
}

export interface EnrolmentRow {
  enrolment_id: string;
  participant_id: string;
  journey_id: string;
  organisation_id: string;
  unit_id: string | null;
  caseworker_id: string | null;
  track_id: string;
  started_at: string;
  ended_at: string | null;
  gender: string;
  age_band: string;
  newly_arrived: boolean;
  education_band: string;
  home_municipality: string | null;
  registration_error: boolean;
  entry_status: string | null;
  entry_income_sources: string[] | null;
  exit_status: string | null;
  exit_at: string | null;
  exit_outcome: Outcome | null;
  immediate_status: string | null;
  follow_up_1m_status: string | null;
  follow_up_90d_status: string | null;
  follow_up_90d_outcome: Outcome | null;
  follow_up_6m_status: string | null;
  follow_up_6m_outcome: Outcome | null;
}

export interface StatusRow {
  status_id: string;
  participant_id: string;
  journey_id: string;
  enrolment_id: string | null;
  moment: string;
  status: string;
  income_sources: string[];
  expected_to_last_one_month: boolean | null;
  occurred_at: string;
}

export interface InterventionRow {
  intervention_id: string;
  participant_id: string;
  journey_id: string;
  enrolment_id: string | null;
  organisation_id: string;
  provider_organisation_id: string;
  type: string;
  status: string;
  planned_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export interface ReferralRow {
  referral_id: string;
  participant_id: string;
  journey_id: string | null;
  from_organisation_id: string;
  to_organisation_id: string;
  suggested_track_id: string | null;
  status: string;
  sent_at: string;
  deadline_at: string;
  answered_at: string | null;
  decline_reason: string | null;
  first_intervention_at: string | null;
  gender: string;
  birth_year: number;
  newly_arrived: boolean;
  education_band: string;
}

export interface JourneyFacts {
  participants: ParticipantRow[];
  journeys: JourneyRow[];
  enrolments: EnrolmentRow[];
  statuses: StatusRow[];
  interventions: InterventionRow[];
  referrals: ReferralRow[];
}

export const emptyFacts = (): JourneyFacts => ({
  participants: [],
  journeys: [],
  enrolments: [],
  statuses: [],
  interventions: [],
  referrals: [],
});

const ms = (at: string): number => Date.parse(at);
const IMMEDIATE_WINDOW_MS = 28 * 86_400_000;

/** Appends the fact rows of one participant to `facts`. */
export function deriveFacts(fold: ParticipantFold, facts: JourneyFacts): void {
  facts.participants.push({
    participant_id: fold.participantId,
    organisation_id: fold.organisationId,
    registered_at: fold.registeredAt,
    gender: fold.gender,
    birth_year: fold.birthYear,
    newly_arrived: fold.newlyArrived,
    education_band: fold.educationBand,
    home_municipality: fold.homeMunicipality,
    anonymous: fold.anonymous,
    protected_identity: fold.protectedIdentity,
    last_entry_at: fold.lastEntryAt ?? fold.registeredAt,
  });
  const interventions: InterventionRow[] = [];
  for (const journey of Object.values(fold.journeys)) deriveJourney(fold, journey, facts, interventions);
  facts.interventions.push(...interventions);
  for (const referral of Object.values(fold.referrals)) {
    const firstIntervention = interventions
      .filter(
        (each) =>
          each.started_at !== null &&
          ms(each.started_at) >= ms(referral.sentAt) &&
          (each.organisation_id === referral.toOrganisationId || each.provider_organisation_id === referral.toOrganisationId),
      )
      .reduce<string | null>((min, each) => (min === null || ms(each.started_at!) < ms(min) ? each.started_at : min), null);
    facts.referrals.push({
      referral_id: referral.referralId,
      participant_id: fold.participantId,
      journey_id: referral.journeyId,
      from_organisation_id: referral.fromOrganisationId,
      to_organisation_id: referral.toOrganisationId,
      suggested_track_id: referral.suggestedTrackId,
      status: referral.status,
      sent_at: referral.sentAt,
      deadline_at: referral.deadlineAt,
      answered_at: referral.answeredAt,
      decline_reason: referral.declineReason,
      first_intervention_at: firstIntervention,
      gender: fold.gender,
      birth_year: fold.birthYear,
      newly_arrived: fold.newlyArrived,
      education_band: fold.educationBand,
    });
  }
}

interface EnrolmentState {
  readonly id: string;
  readonly trackId: string;
  readonly startedAt: string;
  endedAt: string | null;
}

function deriveJourney(fold: ParticipantFold, journey: JourneyFold, facts: JourneyFacts, interventions: InterventionRow[]): void {
  const corrected = new Set(journey.corrected);
  let caseworkerId: string | null = null;
  let unitId: string | null = null;
  let active: string | null = null;
  const enrolments = new Map<string, EnrolmentState>();
  const planned = new Map<string, InterventionRow>();
  const statuses: StatusRow[] = [];

  /** The enrolment a status without one counts for: the one active then, else the one that ended last before it. */
  const enrolmentAt = (at: string): string | null => {
    if (active) return active;
    let best: EnrolmentState | null = null;
    for (const each of enrolments.values()) {
      if (each.endedAt !== null && ms(each.endedAt) <= ms(at) && (best === null || ms(each.endedAt) >= ms(best.endedAt!)))
        best = each;
    }
    return best?.id ?? null;
  };

  for (const step of journey.steps) {
    if (corrected.has(step.id)) continue;
    switch (step.type) {
      case 'CaseworkerAssigned':
        caseworkerId = step.data.caseworkerId;
        unitId = step.data.unitId ?? null;
        break;
      case 'TrackEnrolled':
        enrolments.set(step.data.enrolmentId, {
          id: step.data.enrolmentId,
          trackId: step.data.trackId,
          startedAt: step.at,
          endedAt: null,
        });
        active = step.data.enrolmentId;
        break;
      case 'TrackEnrolmentEnded': {
        const enrolment = enrolments.get(step.data.enrolmentId);
        if (enrolment) enrolment.endedAt = step.at;
        if (active === step.data.enrolmentId) active = null;
        break;
      }
      case 'InterventionPlanned':
        planned.set(step.data.interventionId, {
          intervention_id: step.data.interventionId,
          participant_id: fold.participantId,
          journey_id: journey.journeyId,
          enrolment_id: step.data.enrolmentId ?? active,
          organisation_id: journey.organisationId,
          provider_organisation_id: step.data.providerOrganisationId,
          type: step.data.type,
          status: 'planned',
          planned_at: step.at,
          started_at: null,
          ended_at: null,
        });
        break;
      case 'InterventionStarted':
      case 'InterventionCompleted':
      case 'InterventionInterrupted': {
        const row = planned.get(step.data.interventionId);
        if (!row) break;
        if (step.type === 'InterventionStarted') Object.assign(row, { status: 'started', started_at: step.at });
        else
          Object.assign(row, { status: step.type === 'InterventionCompleted' ? 'completed' : 'interrupted', ended_at: step.at });
        break;
      }
      case 'LabourMarketStatusRecorded': {
        const data = step.data;
        let enrolmentId = data.enrolmentId ?? null;
        if (enrolmentId === null && data.moment !== 'entry') {
          // A follow-up counts for the enrolment whose exit it follows.
          const exit =
            data.moment === 'exit'
              ? undefined
              : statuses.filter((each) => each.moment === 'exit' && ms(each.occurred_at) <= ms(step.at)).at(-1);
          enrolmentId = exit ? exit.enrolment_id : enrolmentAt(step.at);
        }
        statuses.push({
          status_id: data.statusId,
          participant_id: fold.participantId,
          journey_id: journey.journeyId,
          enrolment_id: enrolmentId,
          moment: data.moment,
          status: data.status,
          income_sources: [...data.incomeSources],
          expected_to_last_one_month: data.expectedToLastOneMonth ?? null,
          occurred_at: step.at,
        });
        break;
      }
      default: {
        const unknown: never = step;
        void unknown;
      }
    }
  }

  const journeyEntry = statuses.find((each) => each.moment === 'entry') ?? null;
  facts.journeys.push({
    journey_id: journey.journeyId,
    participant_id: fold.participantId,
    organisation_id: journey.organisationId,
    unit_id: unitId,
    caseworker_id: caseworkerId,
    status: journey.status,
    opened_at: journey.openedAt,
    closed_at: journey.closedAt,
    closing_reason: journey.closingReason,
    last_activity_at: journey.lastActivityAt,
    entry_status: journeyEntry?.status ?? null,
    entry_income_sources: journeyEntry?.income_sources ?? null,
  });

  for (const enrolment of enrolments.values()) {
    const own = statuses.filter((each) => each.enrolment_id === enrolment.id);
    const latest = (moment: string): StatusRow | null => own.filter((each) => each.moment === moment).at(-1) ?? null;
    const entry = own.find((each) => each.moment === 'entry') ?? (journeyEntry?.enrolment_id === null ? journeyEntry : null);
    const exit = latest('exit');
    const followUp1m = latest('follow_up_1m');
    const followUp90d = latest('follow_up_90d');
    const followUp6m = latest('follow_up_6m');
    const immediate =
      enrolment.endedAt === null
        ? null
        : ([exit, followUp1m].find(
            (each) => each !== null && ms(each.occurred_at) <= ms(enrolment.endedAt!) + IMMEDIATE_WINDOW_MS,
          ) ?? null);
    facts.enrolments.push({
      enrolment_id: enrolment.id,
      participant_id: fold.participantId,
      journey_id: journey.journeyId,
      organisation_id: journey.organisationId,
      unit_id: unitId,
      caseworker_id: caseworkerId,
      track_id: enrolment.trackId,
      started_at: enrolment.startedAt,
      ended_at: enrolment.endedAt,
      gender: fold.gender,
      age_band: ageBand(fold.birthYear, enrolment.startedAt),
      newly_arrived: fold.newlyArrived,
      education_band: fold.educationBand,
      home_municipality: fold.homeMunicipality,
      registration_error: journey.closingReason === 'registration_error',
      entry_status: entry?.status ?? null,
      entry_income_sources: entry?.income_sources ?? null,
      exit_status: exit?.status ?? null,
      exit_at: exit?.occurred_at ?? null,
      exit_outcome: exit ? koladaOutcome(exit.status, exit.expected_to_last_one_month) : null,
      immediate_status: immediate?.status ?? null,
      follow_up_1m_status: followUp1m?.status ?? null,
      follow_up_90d_status: followUp90d?.status ?? null,
      follow_up_90d_outcome: followUp90d ? koladaOutcome(followUp90d.status, followUp90d.expected_to_last_one_month) : null,
      follow_up_6m_status: followUp6m?.status ?? null,
      follow_up_6m_outcome: followUp6m ? koladaOutcome(followUp6m.status, followUp6m.expected_to_last_one_month) : null,
    });
  }
  facts.statuses.push(...statuses);
  interventions.push(...planned.values());
}
