import { quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import type { GlobalPosition } from '@samspar/kernel';
import { ReadModelRegistry, readCheckpoint } from '../runner/read-model-registry';
import { JOURNEY_FACTS } from './journey-facts.projection';

/** The journeys read model that serves now: its quoted schema, and how far into the log it has read. */
export interface ServingJourneys {
  readonly schema: string;
  readonly position: GlobalPosition;
}

/**
 * The active generation of the journeys read model, with its checkpoint. Undefined where it was never built
 * (a fresh database), or where its tables are of another version than this code's, as while a rebuild runs.
 */
export async function servingJourneys(registry: ReadModelRegistry): Promise<ServingJourneys | undefined> {
  if (!(await registry.migrated())) return undefined;
  const generation = await registry.active(JOURNEY_FACTS.name);
  if (generation?.projectionVersion !== JOURNEY_FACTS.version) return undefined;
  const checkpoint = await readCheckpoint(registry.sql, generation.schema);
  return { schema: quoteIdent(generation.schema), position: checkpoint.position };
}

/** A participant's last entry as the journeys read model has it. */
export interface ParticipantLastEntry {
  readonly participantId: string;
  /** ISO 8601 to the millisecond, as the store writes recordedAt. */
  readonly lastEntryAt: string;
  readonly anonymous: boolean;
}

export interface LastEntries {
  /** Every participant in the read model. */
  readonly participants: number;
  /** Those whose last entry was made at or before the bound, oldest first. */
  readonly entries: readonly ParticipantLastEntry[];
}

/**
 * For gallring (SoL 12:1): how many participants there are, and the last entries up to `enteredBy`, read by
 * the index on last_entry_at. `schema` is the quoted schema of the journeys read model.
 */
export async function participantLastEntries(sql: SqlClient, schema: string, enteredBy: Date): Promise<LastEntries> {
  const [counted] = await sql.query<{ participants: number }>(`SELECT count(*)::int AS participants FROM ${schema}.participants`);
  const entries = await sql.query<ParticipantLastEntry>(
    `SELECT participant_id::text AS "participantId", anonymous,
       to_char(last_entry_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastEntryAt"
     FROM ${schema}.participants WHERE last_entry_at <= $1 ORDER BY last_entry_at, participant_id`,
    [enteredBy.toISOString()],
  );
  return { participants: counted?.participants ?? 0, entries };
}
