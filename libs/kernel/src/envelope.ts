/** Who did something: the signed-in user, in the role and organisation they acted for. */
export interface Actor {
  readonly userId: string;
  readonly role: string;
  readonly organisationId?: string;
}

export interface EventMetadata {
  /** When it happened in the world, as the caseworker states it (ISO 8601). */
  readonly occurredAt: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: Actor;
  /** Version of the event's data shape; older versions are upcast on read. */
  readonly schemaVersion: number;
  readonly [key: string]: unknown;
}

/**
 * A position in the global log. Opaque to callers: compare with `comparePositions`.
 * Both stores write it as two non-negative integers `major:minor`
 * (PostgreSQL: transaction id and sequence; EventStoreDB: commit and prepare).
 */
export type GlobalPosition = string & { readonly __brand?: 'GlobalPosition' };

export const START: GlobalPosition = '0:0';

export interface EventToAppend<Type extends string = string, Data = unknown> {
  /** Makes the append idempotent: the same id is never stored twice. */
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: GlobalPosition;
  /** When the store committed it (ISO 8601). */
  readonly recordedAt: string;
}
