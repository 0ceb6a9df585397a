import { HttpStatus } from '@nestjs/common';
import type { SqlClient } from '@samspar/event-store';
import { ProblemException } from '@samspar/platform';
import { IDLE_AFTER_DAYS } from '../caseload/caseload.query';
import { DEFAULT_PAGE_SIZE, badCursor, decodeCursor, pageOf } from '../paging/cursor';
import type { ReportTables } from '../runner/read-models.service';
import type { JourneyListQueryDto, JourneySort, TaskKind, TaskListQueryDto, WorkListScope } from './work-lists.dto';

type Sql = Pick<SqlClient, 'query'>;

/** A referral this close to its deadline is listed as about to expire rather than as awaiting an answer. */
export const EXPIRING_WITHIN_DAYS = 3;

/** Who asks: the organisation they act for, and what of them a scope needs. */
export interface WorkListCaller {
  readonly organisationId: string;
  readonly userId: string;
  readonly unitId?: string;
  /** May see the ids of participants with skyddade personuppgifter. */
  readonly protectedIdentity: boolean;
}

// Consent periods are Swedish calendar days, as sharing.ts judges them.
const dayOf = (instant: string): string => `((${instant}) AT TIME ZONE 'Europe/Stockholm')::date`;

/**
 * sharing.ts's readAccess in SQL: the record of `owner`, recorded at `recordedAt`, is readable by `$1` (the caller's
 * organisation) as of `$2` (now) when it is its own, or when a consent naming both was in force at some moment from
 * the recording until now (a withdrawal ends it the moment before; consent periods are Swedish days).
 */
export const readableBy = (s: string, owner: string, recordedAt: string, participant: string): string => {
  const end = `least($2::timestamptz, c.withdrawn_at - interval '1 millisecond')`;
  return `(${owner} = $1::uuid OR EXISTS (
    SELECT 1 FROM ${s}.consents c
     WHERE c.participant_id = ${participant} AND $1::uuid = ANY (c.organisations) AND ${owner} = ANY (c.organisations)
       AND ${end} >= ${recordedAt}
       AND c.valid_from <= ${dayOf(end)}
       AND (c.valid_until IS NULL OR ${dayOf(recordedAt)} <= c.valid_until)))`;
};

/** An enrolment's follow-ups whose date ($2 is now) has passed with no status: metrics.md, as the caseload counts them. */
const followUpsDue = (alias: string): string => `
  CROSS JOIN LATERAL (VALUES
    ('1m', ${alias}.ended_at + interval '1 month', ${alias}.follow_up_1m_status),
    ('90d', ${alias}.ended_at + interval '90 days', ${alias}.follow_up_90d_status),
    ('6m', ${alias}.ended_at + interval '6 months', ${alias}.follow_up_6m_status)
  ) AS due(moment, due_at, status)
  WHERE ${alias}.ended_at IS NOT NULL AND NOT ${alias}.registration_error AND due.due_at <= $2::timestamptz AND due.status IS NULL`;

/** The caller's own journeys a scope covers; `params` holds $1 (organisation) and $2 (now) already. */
function ownScope(scope: WorkListScope, caller: WorkListCaller, params: unknown[]): string {
  if (scope === 'mine') return `j.organisation_id = $1::uuid AND j.caseworker_id = $${params.push(caller.userId)}`;
  if (scope === 'unit') {
    if (caller.unitId === undefined) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'no-unit',
        'Your sign-in names no unit, so there is no unit to list: use scope=mine or scope=organisation.',
        'scope',
      );
    }
    return `j.organisation_id = $1::uuid AND j.unit_id = $${params.push(caller.unitId)}`;
  }
  return 'j.organisation_id = $1::uuid';
}

const SORT_COLUMNS: Record<JourneySort, { column: string; descending: boolean }> = {
  lastActivityAt: { column: 'j.last_activity_at', descending: false },
  '-lastActivityAt': { column: 'j.last_activity_at', descending: true },
  openedAt: { column: 'j.opened_at', descending: false },
  '-openedAt': { column: 'j.opened_at', descending: true },
};

const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const pathId = (id: string): string => encodeURIComponent(id);

export interface JourneyListRow {
  journey_id: string;
  participant_id: string;
  organisation_id: string;
  unit_id: string | null;
  caseworker_id: string | null;
  status: string;
  opened_at: Date | string;
  closed_at: Date | string | null;
  last_activity_at: Date | string;
  sort_at: string;
  idle: boolean;
  follow_ups_due: number;
  protected_identity: boolean;
  anonymous: boolean;
  personal: unknown;
  registration_shared: boolean;
}

/**
 * One page of the journeys the caller's organisation may see, as the scope and filters narrow them. Rows only: the
 * caller decrypts names and looks up caseworkers' names.
 */
export async function journeyListRows(
  sql: Sql,
  tables: Pick<ReportTables, 'journeys'>,
  caller: WorkListCaller,
  query: JourneyListQueryDto,
  now: Date,
): Promise<{ rows: JourneyListRow[]; next: string | null }> {
  const s = tables.journeys;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const sortName = query.sort ?? 'lastActivityAt';
  const sort = SORT_COLUMNS[sortName];
  const list = `journeys${sortName}`;
  const after = decodeCursor(list, query.cursor, 2);
  const params: unknown[] = [caller.organisationId, now.toISOString()];
  const scope = query.scope ?? 'mine';
  const where = [
    scope === 'organisation'
      ? // The consents naming the caller (by their index) narrow the rows the rule is checked on.
        `(j.organisation_id = $1::uuid OR j.participant_id IN (SELECT participant_id FROM ${s}.consents WHERE organisations @> ARRAY[$1::uuid]))
         AND ${readableBy(s, 'j.organisation_id', 'coalesce(j.recorded_at, j.opened_at)', 'j.participant_id')}`
      : ownScope(scope, caller, params),
    'j.opened_at <= $2::timestamptz',
  ];
  const idle = `(j.status = 'open' AND j.last_activity_at < $2::timestamptz - interval '${IDLE_AFTER_DAYS} days')`;
  const due = `(SELECT count(*) FROM ${s}.enrolments e ${followUpsDue('e')} AND e.journey_id = j.journey_id)`;
  if (query.status !== undefined) where.push(`j.status = $${params.push(query.status)}`);
  if (query.idle !== undefined) where.push(query.idle ? idle : `NOT ${idle}`);
  if (query.followUpDue !== undefined) where.push(`${due} ${query.followUpDue ? '>' : '='} 0`);
  if (after) {
    if (!isInstant(after[0]) || !isId(after[1])) throw badCursor();
    where.push(
      `(${sort.column}, j.journey_id) ${sort.descending ? '<' : '>'} ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`,
    );
  }
  const direction = sort.descending ? 'DESC' : 'ASC';
  const rows = await sql.query<JourneyListRow>(
    `SELECT j.journey_id, j.participant_id, j.organisation_id, j.unit_id, j.caseworker_id, j.status, j.opened_at,
            j.closed_at, j.last_activity_at, ${idle} AS idle, ${due}::int AS follow_ups_due,
            to_char(${sort.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at,
            p.protected_identity, p.anonymous, p.personal,
            ${readableBy(s, 'p.organisation_id', 'coalesce(p.registration_recorded_at, p.registered_at)', 'p.participant_id')} AS registration_shared
       FROM ${s}.journeys j
       JOIN ${s}.participants p ON p.participant_id = j.participant_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${sort.column} ${direction}, j.journey_id ${direction}
      LIMIT ${limit + 1}`,
    params,
  );
  const page = pageOf(
    rows,
    limit,
    list,
    (row) => [row.sort_at, row.journey_id],
    (row) => row,
  );
  return { rows: page.items, next: page.next };
}

export interface TaskRow {
  kind: TaskKind;
  task_id: string;
  due_at: string;
  participant_id: string;
  journey_id: string | null;
  enrolment_id: string | null;
  referral_id: string | null;
  caseworker_id: string | null;
  protected_identity: boolean | null;
}

/** One page of what is due, earliest first: follow-ups, referrals to answer (or about to expire), idle journeys. */
export async function taskRows(
  sql: Sql,
  tables: Pick<ReportTables, 'journeys'>,
  caller: WorkListCaller,
  query: TaskListQueryDto,
  now: Date,
): Promise<{ rows: TaskRow[]; next: string | null }> {
  const s = tables.journeys;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor('tasks', query.cursor, 2);
  const params: unknown[] = [caller.organisationId, now.toISOString()];
  // Follow-ups and idle journeys: only the organisation that runs a journey records its steps.
  const scope = ownScope(query.scope ?? 'organisation', caller, params);
  const at = (column: string) => `to_char((${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const tasks = `
    SELECT 'follow_up_' || due.moment AS kind, 'follow_up_' || due.moment || ':' || e.enrolment_id AS task_id,
           ${at('due.due_at')} AS due_at, e.participant_id, e.journey_id, e.enrolment_id, NULL::uuid AS referral_id,
           j.caseworker_id
      FROM ${s}.enrolments e JOIN ${s}.journeys j ON j.journey_id = e.journey_id
      ${followUpsDue('e')} AND ${scope}
    UNION ALL
    SELECT CASE WHEN r.deadline_at <= $2::timestamptz + interval '${EXPIRING_WITHIN_DAYS} days'
                THEN 'referral_expiring' ELSE 'referral_awaiting_answer' END,
           'referral:' || r.referral_id, ${at('r.deadline_at')}, r.participant_id, NULL::uuid, NULL::uuid, r.referral_id, NULL
      FROM ${s}.referrals r
     WHERE r.to_organisation_id = $1::uuid AND r.status = 'sent' AND r.sent_at <= $2::timestamptz
    UNION ALL
    SELECT 'idle_journey', 'idle_journey:' || j.journey_id, ${at(`j.last_activity_at + interval '${IDLE_AFTER_DAYS} days'`)},
           j.participant_id, j.journey_id, NULL::uuid, NULL::uuid, j.caseworker_id
      FROM ${s}.journeys j
     WHERE ${scope} AND j.status = 'open' AND j.last_activity_at < $2::timestamptz - interval '${IDLE_AFTER_DAYS} days'`;
  const where = ['true'];
  if (query.kind !== undefined) where.push(`t.kind = $${params.push(query.kind)}`);
  if (after) {
    if (!isInstant(after[0]) || typeof after[1] !== 'string') throw badCursor();
    const [dueAt, taskId] = [`$${params.push(after[0])}`, `$${params.push(after[1])}`];
    where.push(`(t.due_at COLLATE "C" > ${dueAt} OR (t.due_at = ${dueAt} AND t.task_id COLLATE "C" > ${taskId}))`);
  }
  // due_at is fixed-width UTC text, so that text order is time order and the cursor compares exactly.
  const rows = await sql.query<TaskRow>(
    `SELECT t.*, p.protected_identity
       FROM (${tasks}) t
       LEFT JOIN ${s}.participants p ON p.participant_id = t.participant_id
      WHERE ${where.join(' AND ')}
      ORDER BY t.due_at COLLATE "C", t.task_id COLLATE "C"
      LIMIT ${limit + 1}`,
    params,
  );
  const page = pageOf(
    rows,
    limit,
    'tasks',
    (row) => [row.due_at, row.task_id],
    (row) => row,
  );
  return { rows: page.items, next: page.next };
}

/** Where the caller acts on a task; null when the path would name a participant the caller may not see. */
export function taskHref(row: TaskRow, participantId: string | null): string | null {
  if (row.referral_id !== null) return `/api/v1/referrals/${pathId(row.referral_id)}/acceptance`;
  if (participantId === null || row.journey_id === null) return null;
  const journey = `/api/v1/participants/${pathId(participantId)}/journeys/${pathId(row.journey_id)}`;
  return row.kind === 'idle_journey' ? `${journey}/timeline` : `${journey}/statuses`;
}

export const journeyHref = (participantId: string | null, journeyId: string): string | null =>
  participantId === null ? null : `/api/v1/participants/${pathId(participantId)}/journeys/${pathId(journeyId)}/timeline`;

export { iso };
