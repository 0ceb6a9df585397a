/**
 * The journeys read model: one row per fact that a report counts, derived from each participant's stream.
 * A batch replaces every row of the participants it touches, so a correction anywhere in a stream is
 * reflected everywhere at once. Instants are occurredAt (when it happened), never recordedAt.
 * `s` is the read model's quoted schema.
 */
export const journeyFactsTables = (s: string): string => `
  -- The fold of each participant's stream, from which the rows below are derived again on every change.
  -- json, not jsonb: only this projection reads it, whole, so it is kept as written.
  CREATE TABLE ${s}.participant_folds (
    participant_id uuid PRIMARY KEY,
    fold json NOT NULL
  );
  -- lz4 compresses folds at a fraction of pglz's cost; a server built without it keeps the default.
  DO $$ BEGIN
    EXECUTE 'ALTER TABLE ${s}.participant_folds ALTER COLUMN fold SET COMPRESSION lz4';
  EXCEPTION WHEN OTHERS THEN NULL;
  END $$;

  CREATE TABLE ${s}.participants (
    participant_id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL,        -- the registering organisation
    registered_at timestamptz NOT NULL,
    gender text NOT NULL,                 -- kvinna | man | annat
    birth_year int NOT NULL,
    newly_arrived boolean NOT NULL,
    education_band text NOT NULL,         -- isced_0_2 | isced_3_4 | isced_5_8 | unknown
    home_municipality text,
    anonymous boolean NOT NULL,
    protected_identity boolean NOT NULL,
    last_entry_at timestamptz NOT NULL,   -- the latest recordedAt in the record: gallring counts from it
    personal jsonb,                       -- sealed as the registration sealed it (ciphertext); null when anonymous
    registration_recorded_at timestamptz,
    record_key bigint NOT NULL            -- the cell key method's record key, in [0, 2^32)
  );

  CREATE TABLE ${s}.journeys (
    journey_id uuid PRIMARY KEY,
    participant_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    unit_id text,
    caseworker_id text,
    status text NOT NULL,                 -- open | closed
    opened_at timestamptz NOT NULL,
    closed_at timestamptz,
    closing_reason text,
    last_activity_at timestamptz NOT NULL, -- the latest occurredAt of the journey's own events
    entry_status text,
    entry_income_sources text[],
    recorded_at timestamptz                -- when the opening was recorded: the sharing rule reads it
  );
  CREATE INDEX ON ${s}.journeys (participant_id);
  -- Outcome reports: journeys closed on a death, whose enrolments were never ended, are not active.

  -- One row per track enrolment: the cohort of every outcome figure.
  CREATE TABLE ${s}.enrolments (
    enrolment_id uuid PRIMARY KEY,
    participant_id uuid NOT NULL,
    journey_id uuid NOT NULL,
    organisation_id uuid NOT NULL,        -- the organisation that runs the journey
    unit_id text,
    caseworker_id text,
    track_id uuid NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    -- Dimensions, copied from the participant so that filters need no join.
    gender text NOT NULL,
    age_band text NOT NULL,               -- lt18 | 18_29 | 30_54 | 55plus, at the start of the track
    newly_arrived boolean NOT NULL,
    education_band text NOT NULL,
    home_municipality text,
    registration_error boolean NOT NULL,  -- the journey was closed as registration_error
    entry_status text,
    entry_income_sources text[],
    -- ESF+ long-term unemployed at entry; null unless unemployed at entry with since when recorded.
    entry_long_term_unemployed boolean,
    exit_status text,
    exit_at timestamptz,
    exit_outcome text,                    -- work | studies | other (Kolada), null with no exit status
    immediate_status text,                -- the first status within 4 weeks after leaving (ESF+)
    follow_up_1m_status text,
    follow_up_90d_status text,
    follow_up_90d_outcome text,           -- work | studies | other
    follow_up_6m_status text,
    follow_up_6m_outcome text,
    -- Connect fall-back, for an exit to work: what happened in the year after leaving, found when the
    -- participant's rows are derived so that a report needs no lookup per person. Income support recorded
    -- since (less the exit status itself and journeys recorded in error), and referrals sent since, with
    -- their senders (the report keeps those from social services).
    fall_back_income_at timestamptz[],
    fall_back_referral_from uuid[],
    fall_back_referral_at timestamptz[],
    record_key bigint NOT NULL            -- the participant's, so that reports sum keys without a join
  );
  CREATE INDEX ON ${s}.enrolments (participant_id);

  -- Every status record not voided by a correction, attributed to an enrolment where one applies.
  CREATE TABLE ${s}.statuses (
    status_id uuid PRIMARY KEY,
    participant_id uuid NOT NULL,
    journey_id uuid NOT NULL,
    enrolment_id uuid,
    moment text NOT NULL,                 -- entry | exit | follow_up_1m | follow_up_90d | follow_up_6m
    status text NOT NULL,
    income_sources text[] NOT NULL,
    expected_to_last_one_month boolean,
    unemployed_since date,                -- at entry, for the unemployed: since when
    occurred_at timestamptz NOT NULL
  );
  CREATE INDEX ON ${s}.statuses (participant_id, occurred_at);

  CREATE TABLE ${s}.interventions (
    intervention_id uuid PRIMARY KEY,
    participant_id uuid NOT NULL,
    journey_id uuid NOT NULL,
    enrolment_id uuid,
    organisation_id uuid NOT NULL,        -- the organisation that runs the journey
    provider_organisation_id uuid NOT NULL,
    type text NOT NULL,
    status text NOT NULL,                 -- planned | started | completed | interrupted
    planned_at timestamptz NOT NULL,
    started_at timestamptz,
    ended_at timestamptz
  );
  CREATE INDEX ON ${s}.interventions (participant_id);

  CREATE TABLE ${s}.referrals (
    referral_id uuid PRIMARY KEY,
    participant_id uuid NOT NULL,
    journey_id uuid,
    from_organisation_id uuid NOT NULL,
    to_organisation_id uuid NOT NULL,
    suggested_track_id uuid,
    status text NOT NULL,                 -- sent | accepted | declined | withdrawn | expired
    sent_at timestamptz NOT NULL,
    deadline_at timestamptz NOT NULL,
    answered_at timestamptz,
    decline_reason text,
    -- The first intervention started for the participant at the receiving organisation, after the referral.
    first_intervention_at timestamptz,
    gender text NOT NULL,
    birth_year int NOT NULL,
    newly_arrived boolean NOT NULL,
    education_band text NOT NULL,
    record_key bigint NOT NULL            -- the participant's
  );
  CREATE INDEX ON ${s}.referrals (participant_id);

  -- Each consent, so that work lists apply the sharing rule (sharing.ts) without reading streams.
  CREATE TABLE ${s}.consents (
    consent_id uuid NOT NULL,
    participant_id uuid NOT NULL,
    organisations uuid[] NOT NULL,        -- every organisation it names, its recorder included
    valid_from date NOT NULL,
    valid_until date,
    withdrawn_at timestamptz,
    PRIMARY KEY (participant_id, consent_id)
  );
`;

/**
 * Indexes that only reports (and gallring) need. A rebuild adds them once its tables are full, which is much faster
 * than keeping them up to date row by row; the first generation and as-of builds do the same.
 */
export const journeyFactsIndexes = (s: string): string => `
  CREATE INDEX IF NOT EXISTS participants_last_entry_at ON ${s}.participants (last_entry_at);
  CREATE INDEX IF NOT EXISTS journeys_organisation_id_status ON ${s}.journeys (organisation_id, status);
  CREATE INDEX IF NOT EXISTS journeys_closed_at_partial ON ${s}.journeys (closed_at) WHERE closing_reason = 'deceased';
  CREATE INDEX IF NOT EXISTS enrolments_organisation_id_ended_at ON ${s}.enrolments (organisation_id, ended_at);
  CREATE INDEX IF NOT EXISTS enrolments_organisation_id_started_at ON ${s}.enrolments (organisation_id, started_at);
  CREATE INDEX IF NOT EXISTS enrolments_journey_id ON ${s}.enrolments (journey_id);
  CREATE INDEX IF NOT EXISTS interventions_journey_id ON ${s}.interventions (journey_id);
  CREATE INDEX IF NOT EXISTS referrals_to_organisation_id_status_sent_at ON ${s}.referrals (to_organisation_id, status, sent_at);
  CREATE INDEX IF NOT EXISTS referrals_from_organisation_id_sent_at ON ${s}.referrals (from_organisation_id, sent_at);
  -- Fall-back: a person's referrals from social services in the year after leaving to work.
  CREATE INDEX IF NOT EXISTS referrals_participant_id_sent_at ON ${s}.referrals (participant_id, sent_at);
  CREATE INDEX IF NOT EXISTS journeys_caseworker_id ON ${s}.journeys (caseworker_id) WHERE caseworker_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS consents_organisations ON ${s}.consents USING gin (organisations);
`;

/** The tables a batch rewrites for the participants it touches, in the order they are written. */
export const JOURNEY_FACT_TABLES = [
  'participants',
  'journeys',
  'enrolments',
  'statuses',
  'interventions',
  'referrals',
  'consents',
] as const;
