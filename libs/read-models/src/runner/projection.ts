import type { EventFilter, SqlTransaction } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';

/**
 * A read model's projection: its tables, and how a batch of events changes them. The runner calls
 * `apply` inside the transaction that also stores the checkpoint, so each event takes effect once.
 */
export interface Projection {
  /** Lower-case letters, digits and _; names the read model in the registry, the CLI and the API. */
  readonly name: string;
  /** Raise it when the tables or the meaning change: the runner then rebuilds blue/green. */
  readonly version: number;
  /** The events it reads; others are skipped by the store. */
  readonly filter: EventFilter;
  /** DDL for the tables, in the given (quoted) schema, with the indexes that applying events needs. */
  createTables(schema: string): string;
  /** DDL for indexes only queries need; a rebuild adds them when its tables are full (idempotent). */
  createIndexes?(schema: string): string;
  /** Applies events in log order, inside the runner's transaction. */
  apply(tx: SqlTransaction, schema: string, events: readonly RecordedEvent[]): Promise<void>;
}
