/** The catalogue read model: organisations, their units and the region's tracks. `s` is the quoted schema. */
export const catalogueTables = (s: string): string => `
  CREATE TABLE ${s}.organisations (
    organisation_id uuid PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,                   -- social_services | labour_market_unit | adult_education | ...
    municipality_code text NOT NULL,      -- kommunkod, 4 digits
    referral_deadline_days int NOT NULL,
    registered_at timestamptz NOT NULL
  );
  CREATE TABLE ${s}.units (
    unit_id text NOT NULL,
    organisation_id uuid NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (organisation_id, unit_id)
  );
  CREATE TABLE ${s}.tracks (
    track_id uuid PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,                   -- job_track | preparatory | education | employment
    owner_organisation_id uuid NOT NULL,
    employer_organisation_ids uuid[] NOT NULL,
    occupation text,
    retired boolean NOT NULL,
    defined_at timestamptz NOT NULL
  );
  -- Each revision of a track: the fields it changed, null where it left one as it was.
  CREATE TABLE ${s}.track_revisions (
    track_id uuid NOT NULL,
    revision bigint NOT NULL,             -- the event's revision in the track's stream
    revised_at timestamptz NOT NULL,
    name text,
    employer_organisation_ids uuid[],
    occupation text,
    PRIMARY KEY (track_id, revision)
  );
`;
