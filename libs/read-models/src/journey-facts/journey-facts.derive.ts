import { isLongTermUnemployed, isUnemployed, journeyFromSteps, koladaOutcome } from '@samspar/journeys';
import { dayInSweden } from '@samspar/kernel';
import type { Journey, JourneyStepEvent, StampedEvent } from '@samspar/journeys';
import { ageBand } from '../reporting/dimensions';
import type { JourneyFold, ParticipantFold } from './journey-facts.fold';
import type { EnrolmentRow, InterventionRow, JourneyFacts, StatusRow } from './journey-facts.rows';

const ms = (at: string): number => Date.parse(at);
const IMMEDIATE_WINDOW_MS = 28 * 86_400_000;
// More than any 12 calendar months: the report cuts at exactly 12 months in SQL, as the other windows.
const FALL_BACK_WINDOW_MS = 367 * 86_400_000;

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
    personal: fold.personal ?? null,
    registration_recorded_at: fold.registrationRecordedAt ?? null,
  });
  for (const consent of Object.values(fold.consents ?? {})) {
    facts.consents.push({
      consent_id: consent.consentId,
      participant_id: fold.participantId,
      organisations: [...consent.organisations],
      valid_from: consent.validFrom,
      valid_until: consent.validUntil,
      withdrawn_at: consent.withdrawnAt,
    });
  }
  const interventions: InterventionRow[] = [];
  const firstEnrolment = facts.enrolments.length;
  const firstStatus = facts.statuses.length;
  for (const journey of Object.values(fold.journeys)) deriveJourney(fold, journey, facts, interventions);
  facts.interventions.push(...interventions);
  fallBack(fold, facts.enrolments.slice(firstEnrolment), facts.statuses.slice(firstStatus));
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

type StatusStep = StampedEvent<Extract<JourneyStepEvent, { type: 'LabourMarketStatusRecorded' }>>;

/**
 * The rows of one journey. What its steps mean (caseworker, enrolments, interventions, statuses, corrections) is
 * the write side's own fold; this adds what only reports ask: when an intervention was planned, and which
 * enrolment each intervention and status counts for.
 */
function deriveJourney(fold: ParticipantFold, journey: JourneyFold, facts: JourneyFacts, interventions: InterventionRow[]): void {
  const planned = new Map<string, { readonly at: string; readonly enrolmentId: string | null }>();
  const statuses: StatusRow[] = [];
  const made = journeyFromSteps(
    {
      journeyId: journey.journeyId,
      organisationId: journey.organisationId,
      status: journey.status,
      openedAt: journey.openedAt,
      corrected: journey.corrected,
      stepEventIds: journey.steps.map((step) => step.id),
      steps: journey.steps.map((step) => ({ ...step, occurredAt: step.at })),
    },
    (step, before) => {
      if (step.type === 'InterventionPlanned') {
        const enrolmentId = step.data.enrolmentId ?? before.activeEnrolmentId ?? null;
        planned.set(step.data.interventionId, { at: step.occurredAt, enrolmentId });
      } else if (step.type === 'LabourMarketStatusRecorded') {
        statuses.push(statusRow(fold, journey, step, before, statuses));
      }
    },
  );
  const caseworkerId = made.caseworkerId ?? null;
  const unitId = made.unitId ?? null;

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
    recorded_at: journey.recordedAt ?? null,
  });

  for (const enrolment of Object.values(made.enrolments)) {
    const endedAt = enrolment.endedAt ?? null;
    const own = statuses.filter((each) => each.enrolment_id === enrolment.enrolmentId);
    const latest = (moment: string): StatusRow | null => own.filter((each) => each.moment === moment).at(-1) ?? null;
    const entry = own.find((each) => each.moment === 'entry') ?? (journeyEntry?.enrolment_id === null ? journeyEntry : null);
    const exit = latest('exit');
    const followUp1m = latest('follow_up_1m');
    const followUp90d = latest('follow_up_90d');
    const followUp6m = latest('follow_up_6m');
    const immediate =
      endedAt === null
        ? null
        : ([exit, followUp1m].find((each) => each !== null && ms(each.occurred_at) <= ms(endedAt) + IMMEDIATE_WINDOW_MS) ?? null);
    facts.enrolments.push({
      enrolment_id: enrolment.enrolmentId,
      participant_id: fold.participantId,
      journey_id: journey.journeyId,
      organisation_id: journey.organisationId,
      unit_id: unitId,
      caseworker_id: caseworkerId,
      track_id: enrolment.trackId,
      started_at: enrolment.startedAt,
      ended_at: endedAt,
      gender: fold.gender,
      age_band: ageBand(fold.birthYear, enrolment.startedAt),
      newly_arrived: fold.newlyArrived,
      education_band: fold.educationBand,
      home_municipality: fold.homeMunicipality,
      registration_error: journey.closingReason === 'registration_error',
      entry_status: entry?.status ?? null,
      entry_income_sources: entry?.income_sources ?? null,
      entry_long_term_unemployed: longTermUnemployed(entry, fold.birthYear),
      exit_status: exit?.status ?? null,
      exit_at: exit?.occurred_at ?? null,
      exit_outcome: exit ? koladaOutcome(exit.status, exit.expected_to_last_one_month) : null,
      immediate_status: immediate?.status ?? null,
      follow_up_1m_status: followUp1m?.status ?? null,
      follow_up_90d_status: followUp90d?.status ?? null,
      follow_up_90d_outcome: followUp90d ? koladaOutcome(followUp90d.status, followUp90d.expected_to_last_one_month) : null,
      follow_up_6m_status: followUp6m?.status ?? null,
      follow_up_6m_outcome: followUp6m ? koladaOutcome(followUp6m.status, followUp6m.expected_to_last_one_month) : null,
      // Set by fallBack, once every journey's statuses are known.
      fall_back_income_at: null,
      fall_back_referral_from: null,
      fall_back_referral_at: null,
    });
  }
  facts.statuses.push(...statuses);
  for (const intervention of Object.values(made.interventions)) {
    const plan = planned.get(intervention.interventionId)!;
    interventions.push({
      intervention_id: intervention.interventionId,
      participant_id: fold.participantId,
      journey_id: journey.journeyId,
      enrolment_id: plan.enrolmentId,
      organisation_id: journey.organisationId,
      provider_organisation_id: intervention.providerOrganisationId,
      type: intervention.type,
      status: intervention.status,
      planned_at: plan.at,
      started_at: intervention.startedAt ?? null,
      ended_at: intervention.endedAt ?? null,
    });
  }
}

/** A status as a row; one recorded without an enrolment counts for the enrolment it follows. */
function statusRow(
  fold: ParticipantFold,
  journey: JourneyFold,
  step: StatusStep,
  before: Journey,
  earlier: readonly StatusRow[],
): StatusRow {
  const { data, occurredAt } = step;
  let enrolmentId = data.enrolmentId ?? null;
  if (enrolmentId === null && data.moment !== 'entry') {
    // A follow-up counts for the enrolment whose exit it follows.
    const exit =
      data.moment === 'exit'
        ? undefined
        : earlier.filter((each) => each.moment === 'exit' && ms(each.occurred_at) <= ms(occurredAt)).at(-1);
    enrolmentId = exit ? exit.enrolment_id : enrolmentAt(before, occurredAt);
  }
  return {
    status_id: data.statusId,
    participant_id: fold.participantId,
    journey_id: journey.journeyId,
    enrolment_id: enrolmentId,
    moment: data.moment,
    status: data.status,
    income_sources: [...data.incomeSources],
    expected_to_last_one_month: data.expectedToLastOneMonth ?? null,
    unemployed_since: data.unemployedSince ?? null,
    occurred_at: occurredAt,
  };
}

/**
 * Connect fall-back after an exit to work (metrics.md): income support recorded by the participant's journeys
 * (one recorded in error is no sign of anything; the exit status itself is no return), or a referral sent, within
 * the year after leaving. Kept on the enrolment, so that a report reads it with the row.
 */
function fallBack(fold: ParticipantFold, enrolments: readonly EnrolmentRow[], statuses: readonly StatusRow[]): void {
  const inError = new Set(
    Object.values(fold.journeys)
      .filter((journey) => journey.closingReason === 'registration_error')
      .map((journey) => journey.journeyId),
  );
  const income = statuses.filter((each) => each.income_sources.includes('income_support') && !inError.has(each.journey_id));
  const referrals = Object.values(fold.referrals);
  const within = (at: string, endedAt: number): boolean => ms(at) > endedAt && ms(at) <= endedAt + FALL_BACK_WINDOW_MS;
  for (const enrolment of enrolments) {
    enrolment.fall_back_income_at = null;
    enrolment.fall_back_referral_from = null;
    enrolment.fall_back_referral_at = null;
    if (enrolment.exit_outcome !== 'work' || enrolment.ended_at === null) continue;
    const endedAt = ms(enrolment.ended_at);
    enrolment.fall_back_income_at = income
      .filter(
        (each) => within(each.occurred_at, endedAt) && !(each.moment === 'exit' && each.enrolment_id === enrolment.enrolment_id),
      )
      .map((each) => each.occurred_at);
    const sent = referrals.filter((each) => within(each.sentAt, endedAt));
    enrolment.fall_back_referral_from = sent.map((each) => each.fromOrganisationId);
    enrolment.fall_back_referral_at = sent.map((each) => each.sentAt);
  }
}

/** ESF+ long-term unemployment at entry: null when not unemployed, or when nobody recorded since when. */
function longTermUnemployed(entry: StatusRow | null, birthYear: number): boolean | null {
  if (entry === null || entry.unemployed_since === null || !isUnemployed(entry.status)) return null;
  return isLongTermUnemployed(entry.unemployed_since, dayInSweden(entry.occurred_at), birthYear);
}

/** The enrolment a status without one counts for: the one active then, else the one that ended last before it. */
function enrolmentAt(journey: Journey, at: string): string | null {
  if (journey.activeEnrolmentId) return journey.activeEnrolmentId;
  let best: { readonly enrolmentId: string; readonly endedAt: string } | null = null;
  for (const { enrolmentId, endedAt } of Object.values(journey.enrolments)) {
    if (endedAt !== undefined && ms(endedAt) <= ms(at) && (best === null || ms(endedAt) >= ms(best.endedAt))) {
      best = { enrolmentId, endedAt };
    }
  }
  return best?.enrolmentId ?? null;
}
