import type { ServerResponse } from 'node:http';
import type { AppendResult } from '@samspar/event-store';
import { GlobalPosition, isGlobalPosition } from '@samspar/kernel';

export const GLOBAL_POSITION_HEADER = 'X-Global-Position';

/**
 * What a command route returns. The body carries it as JSON; `ETag` and `X-Global-Position` repeat
 * the revision and position as headers, so that a client can chain commands and read its own write.
 */
export interface CommandResult {
  /** The id of the aggregate the command created or changed. */
  readonly id: string;
  /** The stream's revision after the command: send it back as `If-Match` on the next command. */
  readonly revision: number;
  /** Global position of the command's last event: a query may wait until its read model has reached it. */
  readonly position: GlobalPosition;
  /** The ids of the events the command recorded, in order. */
  readonly eventIds?: readonly string[];
  /**
   * The record the command created, when it created one: `kind` says what it is (for example `journey`,
   * `referral`, `consent`, `enrolment`, `intervention`, `status`) and `id` is the id that names it in paths
   * and later commands. Absent for a command that acts on a record that already exists.
   */
  readonly created?: CreatedRecord;
  /**
   * The id of the journey-step event the command recorded, when it recorded one: send it as `stepEventId` to
   * `POST …/journeys/{journeyId}/corrections` to correct the step.
   */
  readonly stepEventId?: string;
}

/** What a command can create, named as its answer's `created.kind`. */
export const CREATED_KINDS = [
  'participant',
  'consent',
  'referral',
  'journey',
  'enrolment',
  'intervention',
  'status',
  'organisation',
  'unit',
  'track',
] as const;
export type CreatedKind = (typeof CREATED_KINDS)[number];

/** What a command created: its kind and its id. */
export interface CreatedRecord {
  readonly kind: CreatedKind;
  readonly id: string;
}

/** Builds the result from what the event store returned; `extra` adds fields to the body. */
export function commandResult<Extra extends object = Record<never, never>>(
  id: string,
  appended: AppendResult,
  extra?: Extra,
): CommandResult & Extra {
  const position = appended.positions.at(-1);
  // The store refuses an empty append, so a result always has a position.
  if (position === undefined) throw new TypeError('An append result without positions');
  return { ...(extra as Extra), id, revision: appended.nextRevision, position };
}

export function isCommandResult(value: unknown): value is CommandResult {
  if (value === null || typeof value !== 'object') return false;
  const { id, revision, position } = value as Partial<Record<keyof CommandResult, unknown>>;
  return typeof id === 'string' && Number.isSafeInteger(revision) && (revision as number) >= 0 && isGlobalPosition(position);
}

/** A strong entity tag for a stream revision: `"3"`. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

type Headers = Pick<ServerResponse, 'setHeader'>;

/** For reads: the revision a client sends back as `If-Match`. */
export function setETag(response: Headers, revision: number): void {
  response.setHeader('ETag', etagOf(revision));
}

/** What the command interceptor does with a CommandResult; for routes that build their response by hand. */
export function setCommandHeaders(response: Headers, result: CommandResult): void {
  setETag(response, result.revision);
  response.setHeader(GLOBAL_POSITION_HEADER, result.position);
}
