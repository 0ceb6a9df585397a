import type { SqlTransaction } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import { PARTICIPANT_CATEGORY } from '@samspar/journeys';
import type { RecordKeys } from '@samspar/privacy';
import type { Projection } from '../runner/projection';
import { ParticipantFold, foldParticipantEvent } from './journey-facts.fold';
import { deriveFacts } from './journey-facts.derive';
import { emptyFacts } from './journey-facts.rows';
import { JOURNEY_FACT_TABLES, journeyFactsIndexes, journeyFactsTables } from './journey-facts.tables';

const PARTICIPANT_STREAM = /^participant-(.+)$/;

/** The journeys read model's name and version, for readers that need no projection. */
export const JOURNEY_FACTS = {
  name: 'journeys',
  // 2: participants.last_entry_at, for gallring. 3: consents, sealed personal data and recorded_at, for work lists;
  // statuses.unemployed_since and enrolments.entry_long_term_unemployed, for the entry profile.
  // 4: record_key on participants, enrolments and referrals, for the reports' cell key method.
  // 5: enrolments.fall_back_*, so that the outcome report's Connect fall-back needs no lookup per person.
  // 6: participant_folds.fold is json, stored as written rather than parsed into jsonb.
  version: 6,
} as const;

/** The rows that carry their participant's record key, so that a report sums keys without a join. */
const KEYED_TABLES = ['participants', 'enrolments', 'referrals'] as const;

/**
 * The journeys read model. A batch loads the folds of the participants it touches, applies their events,
 * and replaces those participants' rows: a handful of statements per batch, whatever its size.
 */
export const journeyFactsProjection = (recordKeys: RecordKeys): Projection => ({
  ...JOURNEY_FACTS,
  filter: { categories: [PARTICIPANT_CATEGORY] },
  createTables: journeyFactsTables,
  createIndexes: journeyFactsIndexes,
  async apply(tx: SqlTransaction, s: string, events: readonly RecordedEvent[]): Promise<void> {
    // Each event's participant, found once: the stream id is matched per event, in two places below.
    const ids = events.map((event) => PARTICIPANT_STREAM.exec(event.streamId)?.[1]);
    const touched = [...new Set(ids.filter((id) => id !== undefined))];
    if (touched.length === 0) return;
    const folds = new Map<string, ParticipantFold | undefined>();
    const stored = await tx.query<{ participant_id: string; fold: ParticipantFold }>(
      `SELECT participant_id, fold FROM ${s}.participant_folds WHERE participant_id = ANY($1::uuid[])`,
      [touched],
    );
    for (const row of stored) folds.set(row.participant_id, row.fold);
    events.forEach((event, i) => {
      const id = ids[i];
      if (id !== undefined) folds.set(id, foldParticipantEvent(folds.get(id), event));
    });
    const changed = [...folds.entries()].filter((entry): entry is [string, ParticipantFold] => entry[1] !== undefined);
    const facts = emptyFacts();
    for (const [, fold] of changed) deriveFacts(fold, facts);
    const keyOf = new Map(changed.map(([id]) => [id, recordKeys.recordKey(id)]));
    for (const table of KEYED_TABLES) {
      for (const row of facts[table]) row.record_key = keyOf.get(row.participant_id) ?? recordKeys.recordKey(row.participant_id);
    }
    // The folds as one text, a line each (JSON.stringify writes no raw newline): no array literal to escape,
    // and json keeps each as written, where jsonb would parse and rebuild it.
    await tx.query(
      `INSERT INTO ${s}.participant_folds (participant_id, fold)
       SELECT * FROM unnest($1::uuid[], string_to_array($2::text, E'\\n')::json[])
       ON CONFLICT (participant_id) DO UPDATE SET fold = EXCLUDED.fold`,
      [changed.map(([id]) => id), changed.map(([, fold]) => JSON.stringify(fold)).join('\n')],
    );
    // Every row of a touched participant is derived again, so a correction reaches all of them. Only
    // participants with a stored fold have rows; a rebuild meets most participants for the first time.
    const existing = stored.map((row) => row.participant_id);
    if (existing.length > 0) {
      // By the participant index, whatever the planner guesses about tables that grow within a rebuild:
      // a sequential scan per batch makes a rebuild quadratic.
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query(
        `WITH ${JOURNEY_FACT_TABLES.map((table) => `d_${table} AS (DELETE FROM ${s}.${table} WHERE participant_id = ANY($1::uuid[]))`).join(', ')}
         SELECT 1`,
        [existing],
      );
      await tx.query('SET LOCAL enable_seqscan TO DEFAULT');
    }
    const params = JOURNEY_FACT_TABLES.map((table) => JSON.stringify(facts[table]));
    await tx.query(
      `WITH ${JOURNEY_FACT_TABLES.map(
        (table, i) =>
          `i_${table} AS (INSERT INTO ${s}.${table} SELECT * FROM jsonb_populate_recordset(NULL::${s}.${table}, $${i + 1}::jsonb))`,
      ).join(', ')}
       SELECT 1`,
      params,
    );
  },
});
