import { randomBytes } from 'node:crypto';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { quoteIdent } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import type { Projection } from '../runner/projection';

export interface AsOfTables {
  /** Quoted schema per read model, holding its tables as they stood at the instant. */
  readonly schemas: Readonly<Record<string, string>>;
  /** Events the projections applied: those both recorded and occurred by the instant. */
  readonly events: number;
  drop(): Promise<void>;
}

const BATCH = 5_000;

/** metrics.md: a figure as of D uses only what was recorded by D, about what had happened by D. */
export function knownAsOf(event: RecordedEvent, asOf: number): boolean {
  return Date.parse(event.recordedAt) <= asOf && Date.parse(event.metadata.occurredAt) <= asOf;
}

/**
 * The read models as of an instant, built by the same projections as the live ones into scratch
 * schemas: the same code gives the same figures, and later events (corrections included) cannot reach them.
 */
export async function buildAsOf(
  store: EventStore,
  sql: SqlClient,
  baseSchema: string,
  asOf: Date,
  projections: readonly Projection[],
  onProgress?: (eventsRead: number) => void,
): Promise<AsOfTables> {
  const instant = asOf.getTime();
  const suffix = randomBytes(4).toString('hex');
  const schemas: Record<string, string> = {};
  const drop = async (): Promise<void> => {
    const names = Object.values(schemas);
    if (names.length > 0) await sql.exec(names.map((schema) => `DROP SCHEMA IF EXISTS ${schema} CASCADE;`).join('\n'));
  };
  try {
    for (const projection of projections) {
      const schema = quoteIdent(`${baseSchema}_asof_${projection.name}_${suffix}`);
      schemas[projection.name] = schema;
      await sql.exec(`CREATE SCHEMA ${schema}; ${projection.createTables(schema)}`);
    }
    const categories = [...new Set(projections.flatMap((projection) => projection.filter.categories ?? []))];
    let read = 0;
    let applied = 0;
    let batch: RecordedEvent[] = [];
    const apply = async (events: readonly RecordedEvent[]): Promise<void> => {
      await sql.transaction(async (tx) => {
        // Scratch tables, dropped if anything fails: no need to wait for the WAL flush.
        if (sql.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit = off');
        for (const projection of projections) {
          const wanted = projection.filter.categories
            ? events.filter((event) =>
                projection.filter.categories!.includes(event.streamId.slice(0, event.streamId.indexOf('-'))),
              )
            : events;
          if (wanted.length > 0) await projection.apply(tx, schemas[projection.name]!, wanted);
        }
      });
    };
    // One batch is applied while the next is read; batches still go in log order, one transaction at a time.
    let applying: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const events = batch;
      batch = [];
      await applying;
      applying = apply(events);
      // A failure surfaces at the next flush, or at the end.
      applying.catch(() => undefined);
    };
    for await (const event of store.readAll({ filter: { categories }, batchSize: BATCH })) {
      read += 1;
      if (!knownAsOf(event, instant)) continue;
      batch.push(event);
      applied += 1;
      if (batch.length >= BATCH) {
        await flush();
        onProgress?.(read);
      }
    }
    if (batch.length > 0) await flush();
    await applying;
    // Indexes after the load: one sorted build instead of row-by-row upkeep.
    const indexes = projections.map((projection) => projection.createIndexes?.(schemas[projection.name]!) ?? '').join('\n');
    if (indexes.trim()) await sql.exec(indexes);
    // Fresh tables have no statistics; without them a report's plan can take minutes instead of milliseconds.
    for (const schema of Object.values(schemas)) {
      const tables = await sql.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [
        schema.replace(/^"|"$/g, '').replace(/""/g, '"'),
      ]);
      await sql.exec(tables.map((table) => `ANALYZE ${schema}.${quoteIdent(table.name)};`).join('\n'));
    }
    onProgress?.(read);
    return { schemas, events: applied, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
