/** The words of the domain, as domain.md defines them. Stored values never change. */
export const ORGANISATION_KINDS = [
  'social_services',
  'labour_market_unit',
  'adult_education',
  'employment_service',
  'social_insurance',
  'region_health',
  'coordination_association',
  'employer',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const TRACK_KINDS = ['job_track', 'preparatory', 'education', 'employment'] as const;
export type TrackKind = (typeof TRACK_KINDS)[number];

export const INTERVENTION_TYPES = [
  'arbetstraning',
  'praktik',
  'utbildning',
  'vagledning',
  'arbetsformagebedomning',
  'feriejobb',
  'subventionerad_anstallning',
  'coaching',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

export const LABOUR_MARKET_STATUSES = [
  'employed',
  'employed_subsidised',
  'municipal_labour_market_employment',
  'self_employed',
  'studies_with_study_allowance',
  'studies_other',
  'job_seeking',
  'labour_market_programme',
  'on_sick_leave_or_unable',
  'parental_leave',
  'inactive_other',
  'unknown',
] as const;
export type LabourMarketStatus = (typeof LABOUR_MARKET_STATUSES)[number];

export const INCOME_SOURCES = [
  'salary',
  'income_support',
  'unemployment_insurance',
  'activity_support',
  'study_allowance',
  'sickness_benefit',
  'pension',
  'other',
  'none',
] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

/** When a status is recorded: at entry, at exit, and at follow-ups after exit. */
export const STATUS_MOMENTS = ['entry', 'exit', 'follow_up_1m', 'follow_up_90d', 'follow_up_6m'] as const;
export type StatusMoment = (typeof STATUS_MOMENTS)[number];

export const CLOSING_REASONS = [
  'work',
  'studies',
  'moved',
  'other_support',
  'no_contact',
  'declined_further_support',
  'deceased',
  'registration_error',
] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'could_not_contact', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const GENDERS = ['kvinna', 'man', 'annat'] as const;
export type Gender = (typeof GENDERS)[number];

export const EDUCATION_BANDS = ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'] as const;
export type EducationBand = (typeof EDUCATION_BANDS)[number];

export const DEFAULT_REFERRAL_DEADLINE_DAYS = 30;
