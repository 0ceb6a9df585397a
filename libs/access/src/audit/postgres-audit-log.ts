import { Migration, SqlClient, assertSchemaName, migrate, quoteIdent } from '@samspar/event-store';
import { isUuid } from '@samspar/kernel';
import type { AuditEntry, AuditLog, RecordOptions } from './audit-log';
import { PURPOSE_MAX_LENGTH, checkPurpose } from './audit-policy';

export const AUDIT_COMPONENT = 'audit';
export const AUDIT_QUERY_MAX_LIMIT = 10_000;

export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit_log',
    up: (s) => `
      CREATE TABLE ${s}.audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id text NOT NULL,
        role text NOT NULL,
        organisation_id uuid,
        action text NOT NULL,
        endpoint text NOT NULL,
        -- Ids only: the log must never hold the personal data whose use it records.
        participant_id uuid,
        journey_id uuid,
        fields text[] NOT NULL DEFAULT '{}',
        purpose text CHECK (char_length(purpose) <= ${PURPOSE_MAX_LENGTH}),
        outcome text NOT NULL,
        request_id text
      );
      -- Newest first within each filter an admin uses; a period is a range on at.
      CREATE INDEX audit_log_participant ON ${s}.audit_log (participant_id, id DESC) WHERE participant_id IS NOT NULL;
      CREATE INDEX audit_log_user ON ${s}.audit_log (user_id, id DESC);
      CREATE INDEX audit_log_organisation ON ${s}.audit_log (organisation_id, id DESC) WHERE organisation_id IS NOT NULL;
      CREATE INDEX audit_log_at ON ${s}.audit_log (at);

      -- Log-based access control is only worth anything if nobody can edit the log afterwards.
      CREATE FUNCTION ${s}.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'SA010';
      END $fn$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_log
        FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_is_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${s}.audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_log_is_append_only();
    `,
  },
  {
    version: 2,
    name: 'audit_log consents',
    // A read across organisations names the consents that let the records cross (OSL 12:2).
    up: (s) => `ALTER TABLE ${s}.audit_log ADD COLUMN consent_ids uuid[] NOT NULL DEFAULT '{}';`,
  },
];

/** One row of the audit log, as an admin reads it. */
export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly userId: string;
  readonly role: string;
  readonly organisationId: string | null;
  readonly action: string;
  readonly endpoint: string;
  readonly participantId: string | null;
  readonly journeyId: string | null;
  readonly fields: readonly string[];
  readonly purpose: string | null;
  /** The consents through which another organisation's records were read. */
  readonly consentIds: readonly string[];
  readonly outcome: string;
  readonly requestId: string | null;
}

export interface AuditFilter {
  readonly participantId?: string;
  readonly userId?: string;
  readonly organisationId?: string;
  /** Only rows of acts for one of these organisations: an admin's own, unless a system admin. */
  readonly withinOrganisations?: readonly string[];
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  /** Only rows older than this id: the cursor for the next page. */
  readonly before?: number;
  readonly limit: number;
}

interface AuditRow {
  id: number | string;
  at: Date | string;
  user_id: string;
  role: string;
  organisation_id: string | null;
  action: string;
  endpoint: string;
  participant_id: string | null;
  journey_id: string | null;
  fields: string[] | null;
  purpose: string | null;
  consent_ids: string[] | null;
  outcome: string;
  request_id: string | null;
}

/** A row waiting for a statement slot, to be written with the rows that arrive meanwhile. */
interface QueuedRow {
  readonly values: readonly unknown[];
  resolve(): void;
  reject(error: unknown): void;
}

// One statement in flight; the rows that arrive meanwhile share the next statement and its commit (a second one in
// flight halved the rows per statement under load, each statement a commit). Every caller still gets its answer only
// once its own row is committed.
const STATEMENTS_IN_FLIGHT = 1;
const MAX_ROWS_PER_STATEMENT = 200;
// A row nobody waits for (a command's outcome) goes with the next row somebody waits for, or after this long.
const SOON_MS = 5;
const COLUMNS = [
  'at',
  'user_id',
  'role',
  'organisation_id',
  'action',
  'endpoint',
  'participant_id',
  'journey_id',
  'fields',
  'purpose',
  'outcome',
  'request_id',
  'consent_ids',
] as const;

/** The audit log in `<schema>.audit_log`, on PostgreSQL or PGlite. */
export class PostgresAuditLog implements AuditLog {
  private readonly queued: QueuedRow[] = [];
  private inFlight = 0;
  private soonTimer: NodeJS.Timeout | undefined;
  private readonly insertOne: string;
  private readonly insertMany: string;

  private constructor(
    private readonly sql: SqlClient,
    private readonly table: string,
  ) {
    this.insertOne = `INSERT INTO ${table} (${COLUMNS.join(', ')})
       VALUES (COALESCE($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12, $13::uuid[])`;
    // One row per element of a JSON array, in the order the requests arrived.
    this.insertMany = `INSERT INTO ${table} (${COLUMNS.join(', ')})
       SELECT COALESCE((r->>0)::timestamptz, now()), r->>1, r->>2, (r->>3)::uuid, r->>4, r->>5, (r->>6)::uuid, (r->>7)::uuid,
         ARRAY(SELECT jsonb_array_elements_text(r->8)), r->>9, r->>10, r->>11,
         ARRAY(SELECT jsonb_array_elements_text(r->12))::uuid[]
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`;
  }

  /** Migrates the table first. */
  static async open(sql: SqlClient, schema: string): Promise<PostgresAuditLog> {
    assertSchemaName(schema);
    await migrate(sql, schema, AUDIT_COMPONENT, AUDIT_MIGRATIONS);
    return new PostgresAuditLog(sql, `${quoteIdent(schema)}.audit_log`);
  }

  async record(entry: AuditEntry, options: RecordOptions = {}): Promise<void> {
    // The interceptor has refused such a purpose with 400 already; this guards every other writer.
    if (entry.purpose !== undefined) checkPurpose(entry.purpose);
    for (const id of [entry.organisationId, entry.participantId, entry.journeyId, ...(entry.consentIds ?? [])]) {
      if (id !== undefined && !isUuid(id)) throw new Error(`Audit ids must be uuids, got ${JSON.stringify(id)}`);
    }
    const values = [
      entry.at ?? null,
      entry.userId,
      entry.role,
      entry.organisationId ?? null,
      entry.action,
      entry.endpoint,
      entry.participantId ?? null,
      entry.journeyId ?? null,
      [...(entry.fields ?? [])],
      entry.purpose ?? null,
      entry.outcome,
      entry.requestId ?? null,
      [...(entry.consentIds ?? [])],
    ];
    const written = new Promise<void>((resolve, reject) => this.queued.push({ values, resolve, reject }));
    if (!options.soon) this.sendQueued();
    else this.soonTimer ??= setTimeout(() => this.sendQueued(), SOON_MS);
    return written;
  }

  /** Writes the waiting rows, many to a statement, while slots are free. */
  private sendQueued(): void {
    if (this.soonTimer !== undefined) {
      clearTimeout(this.soonTimer);
      this.soonTimer = undefined;
    }
    while (this.inFlight < STATEMENTS_IN_FLIGHT && this.queued.length > 0) {
      const rows = this.queued.splice(0, MAX_ROWS_PER_STATEMENT);
      this.inFlight++;
      const sent =
        rows.length === 1
          ? this.sql.query(this.insertOne, rows[0]!.values, `samspar_audit_one_${this.table}`.slice(0, 63))
          : this.sql.query(
              this.insertMany,
              [
                JSON.stringify(
                  rows.map((row) => row.values.map((value) => (value instanceof Date ? value.toISOString() : value))),
                ),
              ],
              // Prepared once per connection, like the single row: the server need not parse and plan it for each batch.
              `samspar_audit_many_${this.table}`.slice(0, 63),
            );
      void sent
        .then(
          () => rows.forEach((row) => row.resolve()),
          (error: unknown) => rows.forEach((row) => row.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.sendQueued();
        });
    }
  }

  /** Newest first (by id, the order of recording). */
  async find(filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (filter.participantId !== undefined) add((p) => `participant_id = ${p}`, filter.participantId);
    if (filter.userId !== undefined) add((p) => `user_id = ${p}`, filter.userId);
    if (filter.organisationId !== undefined) add((p) => `organisation_id = ${p}`, filter.organisationId);
    if (filter.withinOrganisations !== undefined) {
      add((p) => `organisation_id = ANY(${p}::uuid[])`, [...filter.withinOrganisations]);
    }
    if (filter.from !== undefined) add((p) => `at >= ${p}`, filter.from.toISOString());
    if (filter.to !== undefined) add((p) => `at < ${p}`, filter.to.toISOString());
    if (filter.before !== undefined) add((p) => `id < ${p}`, filter.before);
    params.push(Math.min(Math.max(1, Math.trunc(filter.limit)), AUDIT_QUERY_MAX_LIMIT));
    const rows = await this.sql.query<AuditRow>(
      `SELECT id, at, user_id, role, organisation_id, action, endpoint, participant_id, journey_id, fields, purpose, outcome,
              request_id, consent_ids
         FROM ${this.table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(recordOf);
  }
}

function recordOf(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    userId: row.user_id,
    role: row.role,
    organisationId: row.organisation_id,
    action: row.action,
    endpoint: row.endpoint,
    participantId: row.participant_id,
    journeyId: row.journey_id,
    fields: row.fields ?? [],
    purpose: row.purpose,
    consentIds: row.consent_ids ?? [],
    outcome: row.outcome,
    requestId: row.request_id,
  };
}
