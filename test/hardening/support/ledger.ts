import { Pool } from 'pg';

/** The one event a command of the load is expected to append, found by the entity id the client chose. */
export interface ExpectedEvent {
  readonly type: string;
  /** The data field that holds the entity id, e.g. journeyId. */
  readonly field: string;
  readonly entityId: string;
  readonly streamId: string;
}

/** One try of a command: an HTTP status, or the reason no answer came. */
export interface Attempt {
  readonly at: number;
  readonly status?: number;
  readonly problem?: string;
  readonly error?: string;
  readonly replayed?: boolean;
  readonly retryAfter?: string | null;
}

export type Outcome = 'ok' | 'refused' | 'unknown';

/** A command as the client sent it, every try of it, and what it got in the end. */
export interface CommandRecord {
  readonly seq: number;
  readonly caseworker: number;
  readonly name: string;
  readonly path: string;
  readonly idempotencyKey: string;
  readonly expected: ExpectedEvent;
  readonly attempts: Attempt[];
  outcome?: Outcome;
  /** The body of the 2xx answer: `{ id, revision, position }`. */
  result?: { readonly id: string; readonly revision: number; readonly position: string };
}

/** Every command of a run, in the order they were sent. */
export class Ledger {
  readonly commands: CommandRecord[] = [];

  add(record: CommandRecord): void {
    this.commands.push(record);
  }

  get ok(): CommandRecord[] {
    return this.commands.filter((command) => command.outcome === 'ok');
  }

  /** Commands that needed more than one try: no answer, 503, or key still in progress. */
  get retried(): CommandRecord[] {
    return this.commands.filter((command) => command.attempts.length > 1);
  }

  countBy(predicate: (attempt: Attempt) => boolean): number {
    return this.commands.reduce((sum, command) => sum + command.attempts.filter(predicate).length, 0);
  }
}

interface EventRow {
  event_id: string;
  stream_id: string;
  revision: number;
  global_position: string;
  type: string;
  entity_id: string | null;
}

export interface LogCheck {
  readonly eventsInLog: number;
  /** Commands answered 2xx. */
  readonly acknowledged: number;
  /** 2xx commands whose event is not at the revision and position the answer gave (must be 0). */
  readonly lost: number;
  /** Extra copies of one logical event: the same type for the same entity id, or one event id twice (must be 0). */
  readonly duplicated: number;
  /** Commands that got no final answer, and how many of them took effect all the same. */
  readonly unknown: number;
  readonly unknownApplied: number;
  /** Commands refused (4xx) whose event is in the log all the same (must be 0). */
  readonly refusedButApplied: number;
  readonly examples: readonly string[];
}

/** The id an event is about, most specific first: a status may name its enrolment, a referral its journey. */
const ENTITY_FIELDS = ['referralId', 'interventionId', 'statusId', 'enrolmentId', 'consentId', 'journeyId', 'participantId'];

/**
 * Reads the whole log of the schema and compares it with the ledger: every 2xx is in the log exactly
 * once, where its answer said; nothing is stored twice; nothing refused is stored.
 */
export async function checkLog(pool: Pool, schema: string, ledger: Ledger): Promise<LogCheck> {
  // The entity id of each event: the most specific id field its data has.
  const entity = `COALESCE(${ENTITY_FIELDS.map((field) => `data->>'${field}'`).join(', ')})`;
  const { rows } = await pool.query<EventRow>(
    `SELECT event_id::text, stream_id, revision::int AS revision, global_position::text AS global_position, type,
            ${entity} AS entity_id
       FROM "${schema}".events`,
  );
  const byStreamRevision = new Map<string, EventRow>();
  const byLogicalKey = new Map<string, EventRow[]>();
  const eventIds = new Map<string, number>();
  for (const row of rows) {
    byStreamRevision.set(`${row.stream_id}@${row.revision}`, row);
    eventIds.set(row.event_id, (eventIds.get(row.event_id) ?? 0) + 1);
    if (row.entity_id === null) continue;
    const key = `${row.stream_id} ${row.type} ${row.entity_id.toLowerCase()}`;
    const list = byLogicalKey.get(key) ?? [];
    list.push(row);
    byLogicalKey.set(key, list);
  }
  const keyOf = (expected: ExpectedEvent) => `${expected.streamId} ${expected.type} ${expected.entityId.toLowerCase()}`;
  const examples: string[] = [];
  const note = (text: string) => {
    if (examples.length < 10) examples.push(text);
  };

  let lost = 0;
  let unknown = 0;
  let unknownApplied = 0;
  let refusedButApplied = 0;
  for (const command of ledger.commands) {
    const stored = byLogicalKey.get(keyOf(command.expected)) ?? [];
    if (command.outcome === 'ok') {
      const { revision, position } = command.result!;
      const at = byStreamRevision.get(`${command.expected.streamId}@${revision}`);
      const minor = position.split(':')[1];
      const matches =
        at !== undefined &&
        at.type === command.expected.type &&
        at.entity_id?.toLowerCase() === command.expected.entityId.toLowerCase() &&
        at.global_position === minor;
      if (!matches) {
        lost++;
        note(`lost: ${command.name} ${command.expected.entityId} answered revision ${revision} position ${position}`);
      }
    } else if (command.outcome === 'unknown') {
      unknown++;
      if (stored.length > 0) unknownApplied++;
    } else if (stored.length > 0 && command.attempts.every((attempt) => attempt.status !== undefined)) {
      // Refused on every try with an answer: it must have changed nothing. (A try that got no answer may
      // have taken effect, and a retry then refused as "exists" is the domain's own idempotency.)
      refusedButApplied++;
      note(
        `refused but stored: ${command.name} ${command.expected.entityId} (${command.attempts.map((a) => a.status).join(',')})`,
      );
    }
  }

  let duplicated = 0;
  for (const [key, list] of byLogicalKey) {
    if (list.length > 1) {
      duplicated += list.length - 1;
      note(`duplicated: ${key} at revisions ${list.map((row) => row.revision).join(', ')}`);
    }
  }
  for (const [id, count] of eventIds) {
    if (count > 1) {
      duplicated += count - 1;
      note(`event id ${id} stored ${count} times`);
    }
  }
  return {
    eventsInLog: rows.length,
    acknowledged: ledger.ok.length,
    lost,
    duplicated,
    unknown,
    unknownApplied,
    refusedButApplied,
    examples,
  };
}
