import { Migration, SqlClient, migrate, quoteIdent } from '@samspar/event-store';

/** The ids a participant's record is given, by the field of the event data that names them. */
export const CLAIMED_IDS = ['journeyId', 'enrolmentId', 'interventionId', 'statusId', 'referralId'] as const;
export type ClaimedId = (typeof CLAIMED_IDS)[number];

/** The events that create a record, and the field of their data that names it. */
export const CLAIMED_BY_EVENT: Readonly<Record<string, ClaimedId>> = {
  JourneyOpened: 'journeyId',
  TrackEnrolled: 'enrolmentId',
  InterventionPlanned: 'interventionId',
  LabourMarketStatusRecorded: 'statusId',
  ParticipantReferred: 'referralId',
};

/** CLAIMED_BY_EVENT as an SQL `VALUES` list of (type, kind), for joining an events table on type. */
export function claimedKindsValues(include: (kind: ClaimedId) => boolean = () => true): string {
  return `VALUES ${Object.entries(CLAIMED_BY_EVENT)
    .filter(([, kind]) => include(kind))
    .map(([type, kind]) => `('${type}', '${kind}')`)
    .join(', ')}`;
}

/** The ids these events create, each with its kind. */
export function claimedIdsOf(
  events: readonly { readonly type: string; readonly data: unknown }[],
): { readonly kind: ClaimedId; readonly id: string }[] {
  return events.flatMap((event) => {
    const kind = CLAIMED_BY_EVENT[event.type];
    const id = kind ? (event.data as Record<string, unknown>)[kind] : undefined;
    return kind && typeof id === 'string' ? [{ kind, id: id.toLowerCase() }] : [];
  });
}

const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'participant lookup',
    up: (s) => `
      CREATE TABLE ${s}.participant_lookup (
        lookup_hash text PRIMARY KEY,
        participant_id uuid NOT NULL,
        reserved_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 2,
    name: 'referral lookup',
    up: (s) => `
      CREATE TABLE ${s}.referral_lookup (
        referral_id uuid PRIMARY KEY,
        participant_id uuid NOT NULL
      );`,
  },
  {
    version: 3,
    name: 'participant lookup by participant',
    // Gallring forgets a participant by id, not by hash.
    up: (s) => `CREATE INDEX participant_lookup_participant ON ${s}.participant_lookup (participant_id);`,
  },
  {
    version: 4,
    name: 'id claims',
    // Journeys, enrolments, interventions and statuses are named by ids the client chooses; each belongs to one
    // participant, as the read models key them. A referral's id is claimed in referral_lookup.
    up: (s) => `
      CREATE TABLE ${s}.id_claims (
        kind text NOT NULL,
        id uuid NOT NULL,
        participant_id uuid NOT NULL,
        PRIMARY KEY (kind, id)
      );
      -- The ids of records stored before claims existed, when the log is in this schema: the first use holds.
      DO $do$ BEGIN
        IF to_regclass('${s.replace(/'/g, "''")}.events') IS NOT NULL THEN
          INSERT INTO ${s}.id_claims (kind, id, participant_id)
          SELECT k.kind, (e.data ->> k.kind)::uuid, substring(e.stream_id FROM 13)::uuid
            FROM ${s}.events e
            JOIN (${claimedKindsValues((kind) => kind !== 'referralId')}) AS k(type, kind)
              ON e.type = k.type
           WHERE e.stream_id LIKE 'participant-%'
           ORDER BY e.transaction_id, e.global_position
          ON CONFLICT (kind, id) DO NOTHING;
        END IF;
      END $do$;`,
  },
];

/**
 * The registry as the commands and gallring use it. Every row can be rebuilt from the events; it exists for
 * set validation (one participant per person) and to find a referral's stream by its id.
 */
export interface ParticipantLookup {
  /** Reserves the hash for the participant; returns the participant that already holds it, if another does. */
  reserve(
    lookupHash: string,
    participantId: string,
  ): Promise<{ reserved: true; fresh: boolean } | { reserved: false; heldBy: string }>;
  /** Frees a reservation whose registration was never stored, or whose participant was cleared. */
  release(lookupHash: string, participantId: string): Promise<void>;
  /** Gallring: the participant can no longer be found by personnummer; whether a row was there. */
  forget(participantId: string): Promise<boolean>;
  find(lookupHash: string): Promise<string | undefined>;
  /** Notes whose stream a referral lives in, before the referral is appended. */
  recordReferral(referralId: string, participantId: string): Promise<void>;
  /**
   * Claims an id a command is about to create for the participant. Returns the participant that already holds it,
   * if another does; claiming an id the participant holds again is fine (a retry).
   */
  claim(kind: ClaimedId, id: string, participantId: string): Promise<string | undefined>;
  /** Claims the ids of a participant's stream written without commands (the demo region); conflicts are skipped. */
  claimAll(participantId: string, claims: readonly { readonly kind: ClaimedId; readonly id: string }[]): Promise<void>;
  participantOfReferral(referralId: string): Promise<string | undefined>;
}

/**
 * Set validation for identities: one participant per personnummer, found only through the keyed hash.
 * A hash is reserved before the registration is appended; every row can be rebuilt from
 * ParticipantRegistered events, which carry the same hash. It also finds the participant a referral
 * belongs to, so that the receiver can answer by referral id; those rows come from ParticipantReferred.
 */
export class ParticipantRegistry implements ParticipantLookup {
  private readonly table: string;
  private readonly referrals: string;
  private readonly claims: string;

  private constructor(
    private readonly sql: SqlClient,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.participant_lookup`;
    this.referrals = `${quoteIdent(schema)}.referral_lookup`;
    this.claims = `${quoteIdent(schema)}.id_claims`;
  }

  static async create(sql: SqlClient, schema = 'samspar'): Promise<ParticipantRegistry> {
    await migrate(sql, schema, 'participant-registry', REGISTRY_MIGRATIONS);
    return new ParticipantRegistry(sql, schema);
  }

  /** Reserves the hash for the participant; returns the participant that already holds it, if another does. */
  async reserve(
    lookupHash: string,
    participantId: string,
  ): Promise<{ reserved: true; fresh: boolean } | { reserved: false; heldBy: string }> {
    const rows = await this.sql.query<{ participant_id: string; fresh: boolean }>(
      `INSERT INTO ${this.table} (lookup_hash, participant_id) VALUES ($1, $2)
       ON CONFLICT (lookup_hash) DO UPDATE SET lookup_hash = EXCLUDED.lookup_hash
       RETURNING participant_id::text, (xmax = 0) AS fresh`,
      [lookupHash, participantId],
    );
    const row = rows[0]!;
    return row.participant_id === participantId
      ? { reserved: true, fresh: row.fresh }
      : { reserved: false, heldBy: row.participant_id };
  }

  /** Frees a reservation whose registration was never stored, or whose participant was cleared. */
  async release(lookupHash: string, participantId: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.table} WHERE lookup_hash = $1 AND participant_id = $2`, [lookupHash, participantId]);
  }

  /**
   * Gallring: the participant can no longer be found by personnummer. Returns whether a row was there;
   * the referral rows stay, since they hold no personal data.
   */
  async forget(participantId: string): Promise<boolean> {
    const rows = await this.sql.query(`DELETE FROM ${this.table} WHERE participant_id = $1 RETURNING lookup_hash`, [
      participantId,
    ]);
    return rows.length > 0;
  }

  async find(lookupHash: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ participant_id: string }>(
      `SELECT participant_id::text FROM ${this.table} WHERE lookup_hash = $1`,
      [lookupHash],
    );
    return rows[0]?.participant_id;
  }

  /**
   * Notes whose stream a referral lives in, before the referral is appended: the receiver answers it by
   * referral id alone. A row whose append failed points to a stream without the referral, which answers 404.
   */
  async recordReferral(referralId: string, participantId: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO ${this.referrals} (referral_id, participant_id) VALUES ($1, $2) ON CONFLICT (referral_id) DO NOTHING`,
      [referralId, participantId],
    );
  }

  async claim(kind: ClaimedId, id: string, participantId: string): Promise<string | undefined> {
    const referral = kind === 'referralId';
    const table = referral ? this.referrals : this.claims;
    const key = referral ? [id] : [id, kind];
    const where = referral ? 'referral_id = $1' : 'id = $1 AND kind = $2';
    const inserted = await this.sql.query(
      referral
        ? `INSERT INTO ${table} (referral_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`
        : `INSERT INTO ${table} (id, kind, participant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [...key, participantId],
    );
    if (inserted.length > 0) return undefined;
    // Held already. A claim that raced this one has committed by now: the insert waited for it.
    const [held] = await this.sql.query<{ participant_id: string }>(
      `SELECT participant_id::text FROM ${table} WHERE ${where}`,
      key,
    );
    return held && held.participant_id !== participantId.toLowerCase() ? held.participant_id : undefined;
  }

  async claimAll(participantId: string, claims: readonly { readonly kind: ClaimedId; readonly id: string }[]): Promise<void> {
    const others = claims.filter((claim) => claim.kind !== 'referralId');
    if (others.length === 0) return;
    await this.sql.query(
      `INSERT INTO ${this.claims} (kind, id, participant_id)
       SELECT kind, id, $3 FROM unnest($1::text[], $2::uuid[]) AS c(kind, id)
       ON CONFLICT (kind, id) DO NOTHING`,
      [others.map((claim) => claim.kind), others.map((claim) => claim.id), participantId],
    );
  }

  async participantOfReferral(referralId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ participant_id: string }>(
      `SELECT participant_id::text FROM ${this.referrals} WHERE referral_id = $1`,
      [referralId],
    );
    return rows[0]?.participant_id;
  }
}
