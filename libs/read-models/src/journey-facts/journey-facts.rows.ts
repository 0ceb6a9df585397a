import type { KoladaOutcome } from '@samspar/journeys';

// The rows of the journeys read model: one interface a table of journey-facts.tables.ts.

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
  personal: unknown;
  registration_recorded_at: string | null;
  /** The participant's record key (RecordKeys), set by the projection. */
  record_key?: number;
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
  recorded_at: string | null;
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
  entry_long_term_unemployed: boolean | null;
  exit_status: string | null;
  exit_at: string | null;
  exit_outcome: Outcome | null;
  immediate_status: string | null;
  follow_up_1m_status: string | null;
  follow_up_90d_status: string | null;
  follow_up_90d_outcome: Outcome | null;
  follow_up_6m_status: string | null;
  follow_up_6m_outcome: Outcome | null;
  /** For an exit to work: income support recorded, and referrals sent, within a year after leaving (occurredAt). */
  fall_back_income_at: string[] | null;
  fall_back_referral_from: string[] | null;
  fall_back_referral_at: string[] | null;
  /** The participant's record key (RecordKeys), set by the projection. */
  record_key?: number;
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
  unemployed_since: string | null;
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
  /** The participant's record key (RecordKeys), set by the projection. */
  record_key?: number;
}

export interface ConsentRow {
  consent_id: string;
  participant_id: string;
  organisations: string[];
  valid_from: string;
  valid_until: string | null;
  withdrawn_at: string | null;
}

export interface JourneyFacts {
  participants: ParticipantRow[];
  journeys: JourneyRow[];
  enrolments: EnrolmentRow[];
  statuses: StatusRow[];
  interventions: InterventionRow[];
  referrals: ReferralRow[];
  consents: ConsentRow[];
}

export const emptyFacts = (): JourneyFacts => ({
  participants: [],
  journeys: [],
  enrolments: [],
  statuses: [],
  interventions: [],
  referrals: [],
  consents: [],
});
