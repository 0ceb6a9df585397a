import { SqlClient, assertSchemaName, quoteIdent } from '@samspar/event-store';
import { claimedKindsValues } from '@samspar/journeys';
import { GlobalPosition, START, comparePositions, isGlobalPosition } from '@samspar/kernel';
import { KeyVault, MasterKeyError, SealedValue, SealedValueError } from '@samspar/privacy';

export type FaultKind =
  | 'missing-revision'
  | 'duplicate-revision'
  | 'out-of-order'
  | 'undecryptable'
  | 'sealed-for-another-subject'
  | 'checkpoint-ahead'
  | 'checkpoint-unreadable'
  | 'duplicate-event-id'
  | 'id-in-two-participants'
  | 'trigger-missing'
  | 'trigger-disabled'
  | 'counter-behind-log';

export interface VerifyFault {
  readonly kind: FaultKind;
  readonly streamId?: string;
  /** The read model whose checkpoint is at fault. */
  readonly readModel?: string;
  readonly detail: string;
}

export interface VerifyCheck {
  readonly name: string;
  /** How many things were checked, counted in `unit`. */
  readonly checked: number;
  readonly unit: string;
  /** All faults found; `faults` holds at most `maxFaults` of them. */
  readonly faultCount: number;
  readonly faults: readonly VerifyFault[];
  /** What passed in a way worth saying, e.g. how many values were erased. */
  readonly note?: string;
  readonly durationMs: number;
}

export interface VerifyResult {
  readonly schema: string;
  readonly events: number;
  readonly streams: number;
  readonly head: GlobalPosition;
  readonly checks: readonly VerifyCheck[];
  readonly faultCount: number;
}

export interface VerifyOptions {
  /** Faults kept per check; all are counted. Default 20. */
  readonly maxFaults?: number;
  /** ParticipantRegistered events read and decrypted at a time. Default 500. */
  readonly batchSize?: number;
}

/** The schema holds no event store: nothing to verify. */
export class NoEventStoreError extends Error {
  constructor(readonly schema: string) {
    super(`There is no events table in schema ${schema}`);
    this.name = 'NoEventStoreError';
  }
}

export const CHECK_NAMES = {
  revisions: 'contiguous revisions',
  order: 'global order agrees with revisions',
  sealed: 'events decrypt or are erased',
  checkpoints: 'checkpoints not ahead of the log',
  eventIds: 'event ids unique',
  recordIds: "record ids in one participant's stream",
  triggers: 'log triggers',
  counter: "server's transaction counter ahead of the log",
} as const;

/** Triggers the event-store migration puts on the events table. */
// Append-only, and the append announcement that readers' gap-free order relies on.
const LOG_TRIGGERS = ['events_append_only', 'events_no_truncate', 'events_announce_append'];

interface Context {
  readonly sql: SqlClient;
  readonly schema: string;
  readonly events: string;
  readonly maxFaults: number;
}

/**
 * Checks the stored log without changing it: stream revisions, global order, sealed personal data,
 * read-model checkpoints, event ids and the log's triggers. The log-wide checks are single
 * set-based statements; the sealed data is read in batches, so memory stays flat on any size of log.
 */
export async function verifyStore(
  sql: SqlClient,
  schema: string,
  vault: KeyVault,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const events = await assertEventStore(sql, schema);
  const context: Context = { sql, schema, events, maxFaults: Math.max(0, options.maxFaults ?? 20) };

  const log = await checkRevisionsAndOrder(context);
  const checks = [
    log.revisions,
    log.order,
    await timed(() => checkSealedData(context, vault, Math.max(1, options.batchSize ?? 500))),
    // Checkpoints before the head: a checkpoint written meanwhile names events the later head read sees.
    await timed(() => checkCheckpoints(context)),
    await timed(() => checkEventIds(context, log.events)),
    await timed(() => checkRecordIds(context)),
    await timed(() => checkTriggers(context)),
    await timed(() => checkCounter(context)),
  ];
  return {
    schema,
    events: log.events,
    streams: log.streams,
    head: await headPosition(context),
    checks,
    faultCount: checks.reduce((sum, check) => sum + check.faultCount, 0),
  };
}

/** Throws NoEventStoreError unless the schema has an events table; returns its quoted name. */
export async function assertEventStore(sql: SqlClient, schema: string): Promise<string> {
  assertSchemaName(schema);
  const events = `${quoteIdent(schema)}.events`;
  const [found] = await sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [events]);
  if (!found?.present) throw new NoEventStoreError(schema);
  return events;
}

type Untimed = Omit<VerifyCheck, 'durationMs'>;

async function timed(run: () => Promise<Untimed>): Promise<VerifyCheck> {
  const started = Date.now();
  const check = await run();
  return { ...check, durationMs: Date.now() - started };
}

interface RevisionFaultRow {
  stream_id: string;
  revision: number | string;
  prev_revision: number | string | null;
  position: string;
  prev_position: string | null;
}

/**
 * Both stream checks in one pass over the (stream_id, revision) index: each event beside the one before
 * it in its stream. Revisions must step by one from 0; positions must rise with them. Adjacent pairs
 * suffice: a sequence is in order when every neighbour is.
 */
async function checkRevisionsAndOrder(
  context: Context,
): Promise<{ events: number; streams: number; revisions: VerifyCheck; order: VerifyCheck }> {
  const started = Date.now();
  const faults = `WITH w AS (
      SELECT stream_id, revision, transaction_id AS tx, global_position AS pos,
        lag(revision) OVER s AS prev_revision, lag(transaction_id) OVER s AS prev_tx, lag(global_position) OVER s AS prev_pos
      FROM ${context.events}
      WINDOW s AS (PARTITION BY stream_id ORDER BY revision)
    ), f AS (
      SELECT w.*,
        CASE WHEN prev_revision IS NULL THEN revision <> 0 ELSE revision <> prev_revision + 1 END AS revision_fault,
        prev_revision IS NOT NULL AND (tx, pos) <= (prev_tx, prev_pos) AS order_fault
      FROM w
    )`;
  const [totals] = await context.sql.query<Record<'events' | 'streams' | 'revision_faults' | 'order_faults', number | string>>(
    `${faults}
     SELECT count(*) AS events, count(*) FILTER (WHERE prev_revision IS NULL) AS streams,
       count(*) FILTER (WHERE revision_fault) AS revision_faults, count(*) FILTER (WHERE order_fault) AS order_faults
     FROM f`,
  );
  const events = Number(totals?.events ?? 0);
  const streams = Number(totals?.streams ?? 0);
  const revisionFaults = Number(totals?.revision_faults ?? 0);
  const orderFaults = Number(totals?.order_faults ?? 0);
  // A second pass only on a faulty log, for the lines to show.
  const sample = async (which: 'revision_fault' | 'order_fault'): Promise<RevisionFaultRow[]> =>
    context.maxFaults === 0
      ? []
      : context.sql.query<RevisionFaultRow>(
          `${faults}
           SELECT stream_id, revision, prev_revision, tx::text || ':' || pos AS position,
             prev_tx::text || ':' || prev_pos AS prev_position
           FROM f WHERE ${which} ORDER BY stream_id, revision LIMIT $1`,
          [context.maxFaults],
        );
  const revisionRows = revisionFaults > 0 ? await sample('revision_fault') : [];
  const orderRows = orderFaults > 0 ? await sample('order_fault') : [];
  const durationMs = Date.now() - started;
  return {
    events,
    streams,
    revisions: {
      name: CHECK_NAMES.revisions,
      checked: streams,
      unit: 'streams',
      faultCount: revisionFaults,
      faults: revisionRows.map(revisionFault),
      durationMs,
    },
    order: {
      name: CHECK_NAMES.order,
      checked: streams,
      unit: 'streams',
      faultCount: orderFaults,
      faults: orderRows.map((row) => ({
        kind: 'out-of-order',
        streamId: row.stream_id,
        detail: `revision ${row.revision} is at position ${row.position}, not after revision ${row.prev_revision} at ${row.prev_position}`,
      })),
      durationMs: 0,
    },
  };
}

function revisionFault(row: RevisionFaultRow): VerifyFault {
  const revision = Number(row.revision);
  if (row.prev_revision === null) {
    const missing = revision === 1 ? 'revision 0 is missing' : `revisions 0 to ${revision - 1} are missing`;
    return { kind: 'missing-revision', streamId: row.stream_id, detail: `the stream starts at revision ${revision}: ${missing}` };
  }
  const previous = Number(row.prev_revision);
  if (revision === previous) {
    return { kind: 'duplicate-revision', streamId: row.stream_id, detail: `revision ${revision} is stored more than once` };
  }
  const missing =
    revision - previous === 2
      ? `revision ${previous + 1} is missing`
      : `revisions ${previous + 1} to ${revision - 1} are missing`;
  return { kind: 'missing-revision', streamId: row.stream_id, detail: `${missing} (revision ${revision} follows ${previous})` };
}

interface RegisteredRow {
  tx: string;
  pos: number | string;
  stream_id: string;
  participant_id: string | null;
  identity_kind: string | null;
  personal: unknown;
}

/**
 * Every identified ParticipantRegistered must open with its participant's key, or find that key destroyed
 * (gallring). Read in keyset batches along the global-order index; each batch is decrypted at once.
 */
async function checkSealedData(context: Context, vault: KeyVault, batchSize: number): Promise<Untimed> {
  const faults = new FaultList(context.maxFaults);
  let checked = 0;
  let erased = 0;
  let anonymous = 0;
  let after: [string, string] = ['0', '0'];
  for (;;) {
    const rows = await context.sql.query<RegisteredRow>(
      `SELECT transaction_id::text AS tx, global_position AS pos, stream_id, data->>'participantId' AS participant_id,
         data->'identity'->>'kind' AS identity_kind, data->'identity'->'personal' AS personal
       FROM ${context.events}
       WHERE type = 'ParticipantRegistered' AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
       ORDER BY transaction_id, global_position LIMIT $3`,
      [after[0], after[1], batchSize],
    );
    const outcomes = await Promise.all(
      rows.map(async (row) => {
        if (row.identity_kind === 'anonymous') return 'anonymous';
        if (row.identity_kind === 'identified') return openSealed(vault, row);
        return {
          kind: 'undecryptable',
          detail: `the identity is ${JSON.stringify(row.identity_kind)}, neither identified nor anonymous`,
        } satisfies Omit<VerifyFault, 'streamId'>;
      }),
    );
    rows.forEach((row, index) => {
      const outcome = outcomes[index]!;
      if (outcome === 'anonymous') {
        anonymous++;
        return;
      }
      checked++;
      if (outcome === 'erased') erased++;
      else if (outcome !== 'ok') faults.add({ ...outcome, streamId: row.stream_id });
    });
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) break;
    after = [last.tx, String(last.pos)];
  }
  return {
    name: CHECK_NAMES.sealed,
    checked,
    unit: 'identified registrations',
    faultCount: faults.count,
    faults: faults.kept,
    note: `${checked - erased - faults.count} open, ${erased} erased; ${anonymous} anonymous without personal data`,
  };
}

async function openSealed(vault: KeyVault, row: RegisteredRow): Promise<'ok' | 'erased' | Omit<VerifyFault, 'streamId'>> {
  const kid = (row.personal as { kid?: unknown } | null)?.kid;
  // The kid is the additional data, so a value moved whole to another participant still opens: compare it.
  if (
    typeof kid === 'string' &&
    typeof row.participant_id === 'string' &&
    kid.toLowerCase() !== row.participant_id.toLowerCase()
  ) {
    return {
      kind: 'sealed-for-another-subject',
      detail: `the personal data of participant ${row.participant_id} is sealed for subject ${kid}`,
    };
  }
  try {
    return (await vault.decrypt(row.personal as SealedValue)).status;
  } catch (error) {
    if (error instanceof SealedValueError) {
      return { kind: 'undecryptable', detail: `personal data does not open (${error.reason}): ${error.message}` };
    }
    if (error instanceof MasterKeyError) {
      return { kind: 'undecryptable', detail: `${error.message}: is PRIVACY_MASTER_KEY the one the api uses?` };
    }
    throw error;
  }
}

interface GenerationRow {
  name: string;
  generation: number;
  schema_name: string;
  state: string;
}

/** A read model is built from the log, so its checkpoint can never be past the log's newest event. */
async function checkCheckpoints(context: Context): Promise<Untimed> {
  const base = { name: CHECK_NAMES.checkpoints, unit: 'read-model generations' };
  const registry = `${quoteIdent(context.schema)}.read_model_generations`;
  const [found] = await context.sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [registry]);
  // No registry: no read model was ever built here.
  if (!found?.present) return { ...base, checked: 0, faultCount: 0, faults: [], note: 'no read models yet' };

  const generations = await context.sql.query<GenerationRow>(
    `SELECT name, generation, schema_name, state FROM ${registry} ORDER BY name, generation`,
  );
  const checkpoints: { generation: GenerationRow; position: string | undefined }[] = [];
  for (const generation of generations) {
    const table = `${quoteIdent(generation.schema_name)}.checkpoint`;
    const [exists] = await context.sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    const rows = exists?.present ? await context.sql.query<{ position: string }>(`SELECT position FROM ${table}`) : [];
    checkpoints.push({ generation, position: rows[0]?.position });
  }
  const head = await headPosition(context);
  const faults = new FaultList(context.maxFaults);
  for (const { generation, position } of checkpoints) {
    const which = `${generation.name} generation ${generation.generation} (${generation.state}, schema ${generation.schema_name})`;
    if (position === undefined || !isGlobalPosition(position)) {
      faults.add({
        kind: 'checkpoint-unreadable',
        readModel: generation.name,
        detail: `${which} has ${position === undefined ? 'no checkpoint' : `the checkpoint ${JSON.stringify(position)}, which is not a position`}`,
      });
    } else if (comparePositions(position, head) > 0) {
      faults.add({
        kind: 'checkpoint-ahead',
        readModel: generation.name,
        detail: `${which} is at ${position}, past the head of the log ${head}`,
      });
    }
  }
  return { ...base, checked: generations.length, faultCount: faults.count, faults: faults.kept };
}

/** The newest event in the log as this statement sees it, in the store's `transaction:sequence` form. */
async function headPosition(context: Context): Promise<GlobalPosition> {
  const [row] = await context.sql.query<{ position: string }>(
    `SELECT transaction_id::text || ':' || global_position AS position FROM ${context.events}
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return row?.position ?? START;
}

/** The unique constraint guarantees it while it exists; this finds copies made without it. */
async function checkEventIds(context: Context, events: number): Promise<Untimed> {
  const duplicates = `SELECT event_id, count(*) AS copies, min(stream_id) AS stream_id, count(DISTINCT stream_id) AS streams
    FROM ${context.events} GROUP BY event_id HAVING count(*) > 1`;
  const [total] = await context.sql.query<{ n: number | string }>(`SELECT count(*) AS n FROM (${duplicates}) d`);
  const faultCount = Number(total?.n ?? 0);
  const rows =
    faultCount > 0 && context.maxFaults > 0
      ? await context.sql.query<{ event_id: string; copies: number | string; stream_id: string; streams: number | string }>(
          `${duplicates} ORDER BY event_id LIMIT $1`,
          [context.maxFaults],
        )
      : [];
  return {
    name: CHECK_NAMES.eventIds,
    checked: events,
    unit: 'events',
    faultCount,
    faults: rows.map((row) => ({
      kind: 'duplicate-event-id',
      streamId: row.stream_id,
      detail: `event ${row.event_id} is stored ${row.copies} times${Number(row.streams) > 1 ? `, in ${row.streams} streams` : ''}`,
    })),
  };
}

/**
 * The read models key journeys, enrolments, interventions, statuses and referrals by id alone, so one id in two
 * participants' streams stops the journeys read model. Commands refuse such an id (409 id-in-use); a log written
 * before they did may hold one.
 */
async function checkRecordIds(context: Context): Promise<Untimed> {
  const ids = `SELECT k.kind, lower(e.data->>k.kind) AS id, e.stream_id
    FROM ${context.events} e JOIN (${claimedKindsValues()}) AS k(type, kind) ON e.type = k.type
    WHERE e.stream_id LIKE 'participant-%' AND e.data->>k.kind IS NOT NULL`;
  const shared = `SELECT kind, id, count(DISTINCT stream_id) AS streams, min(stream_id) AS first_stream, max(stream_id) AS last_stream
    FROM (${ids}) i GROUP BY kind, id HAVING count(DISTINCT stream_id) > 1`;
  const [total] = await context.sql.query<{ checked: number | string; shared: number | string }>(
    `SELECT (SELECT count(*) FROM (SELECT DISTINCT kind, id FROM (${ids}) i) d) AS checked,
            (SELECT count(*) FROM (${shared}) s) AS shared`,
  );
  const faultCount = Number(total?.shared ?? 0);
  const rows =
    faultCount > 0 && context.maxFaults > 0
      ? await context.sql.query<{
          kind: string;
          id: string;
          streams: number | string;
          first_stream: string;
          last_stream: string;
        }>(`${shared} ORDER BY kind, id LIMIT $1`, [context.maxFaults])
      : [];
  return {
    name: CHECK_NAMES.recordIds,
    checked: Number(total?.checked ?? 0),
    unit: 'ids',
    faultCount,
    faults: rows.map((row) => ({
      kind: 'id-in-two-participants',
      streamId: row.first_stream,
      detail:
        `${row.kind} ${row.id} is in ${row.streams} participants' streams (${row.first_stream} … ${row.last_stream}); ` +
        'the journeys read model keys it by id alone, cannot hold both, and stops there',
    })),
  };
}

/** Nothing may update, delete or truncate events, and every append announces itself; the migrations' triggers see to it. */
async function checkTriggers(context: Context): Promise<Untimed> {
  const rows = await context.sql.query<{ name: string; enabled: string }>(
    `SELECT tgname AS name, tgenabled::text AS enabled FROM pg_trigger WHERE tgrelid = to_regclass($1) AND NOT tgisinternal`,
    [context.events],
  );
  const faults = new FaultList(context.maxFaults);
  for (const name of LOG_TRIGGERS) {
    const trigger = rows.find((row) => row.name === name);
    if (!trigger) {
      faults.add({ kind: 'trigger-missing', detail: `trigger ${name} on ${context.schema}.events is missing` });
    } else if (!['O', 'A'].includes(trigger.enabled)) {
      // 'D' is disabled; 'R' fires only for replication, so an ordinary session is not stopped either.
      faults.add({
        kind: 'trigger-disabled',
        detail: `trigger ${name} on ${context.schema}.events is disabled; ALTER TABLE ${context.schema}.events ENABLE TRIGGER ${name}`,
      });
    }
  }
  return {
    name: CHECK_NAMES.triggers,
    checked: LOG_TRIGGERS.length,
    unit: 'triggers',
    faultCount: faults.count,
    faults: faults.kept,
  };
}

/**
 * Positions are the appending transaction's id plus the epoch's offset. After a logical restore into another
 * cluster the server may count below the log: new events would sort first and restored ones stay hidden until a
 * process moves the counter past the log (a new epoch), which every Samspår process does when it opens the store.
 */
async function checkCounter(context: Context): Promise<Untimed> {
  const s = quoteIdent(context.schema);
  const base = { name: CHECK_NAMES.counter, checked: 1, unit: 'logs' };
  const [present] = await context.sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${s}.log_epochs`,
  ]);
  if (!present?.present) return { ...base, checked: 0, faultCount: 0, faults: [], note: 'no epochs yet: run samspar migrate' };
  const [row] = await context.sql.query<{ next: string; newest: string | null; epoch: number; since: string }>(
    `SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + ${s}.log_xid_offset())::text AS next,
       (SELECT t.transaction_id FROM ${context.events} AS t ORDER BY t.transaction_id DESC LIMIT 1)::text AS newest,
       e.epoch, to_char(e.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
     FROM ${s}.log_epochs AS e ORDER BY e.epoch DESC LIMIT 1`,
  );
  const { next, newest, epoch, since } = row!;
  const note = epoch > 1 ? `epoch ${epoch} since ${since}: the log was moved to another cluster and continues` : undefined;
  if (newest === null || BigInt(next) > BigInt(newest)) return { ...base, faultCount: 0, faults: [], ...(note ? { note } : {}) };
  return {
    ...base,
    faultCount: 1,
    faults: [
      {
        kind: 'counter-behind-log',
        detail:
          `the server's next transaction id on the log's scale is ${next}, not past the newest event's ${newest}, as after a ` +
          'logical restore into another cluster: readers see none of the restored events until the counter moves; ' +
          'run samspar migrate (or start the api), which moves it past the log as a new epoch',
      },
    ],
  };
}

/** Counts every fault and keeps the first few. */
class FaultList {
  count = 0;
  readonly kept: VerifyFault[] = [];

  constructor(private readonly max: number) {}

  add(fault: VerifyFault): void {
    this.count++;
    if (this.kept.length < this.max) this.kept.push(fault);
  }
}
