import { randomUUID } from 'node:crypto';
import { PGliteSqlClient, quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { positionOf } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import type { Projection } from '../runner/projection';
import type { ReportTables } from '../runner/read-models.service';

/** An event as the store would hand it to a projection; the stream and times are the test's to choose. */
export function recorded(
  streamId: string,
  event: { readonly type: string; readonly data: unknown },
  occurredAt: string,
  options: { readonly id?: string; readonly recordedAt?: string; readonly revision?: number } = {},
): RecordedEvent {
  sequence += 1;
  return {
    id: options.id ?? randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { occurredAt, schemaVersion: 1 },
    streamId,
    revision: options.revision ?? 0,
    globalPosition: positionOf(1, sequence),
    recordedAt: options.recordedAt ?? occurredAt,
  };
}
let sequence = 0;

/**
 * Given events → then rows: the projections' tables in fresh schemas of the given database, or of a fresh
 * in-memory PGlite (real PostgreSQL), with no runner, so that a spec shows what a batch does to the tables
 * and nothing else.
 */
export class ProjectionHarness {
  private constructor(
    readonly sql: SqlClient,
    private readonly projections: readonly Projection[],
    /** Quoted schema per projection name. */
    readonly schemas: Readonly<Record<string, string>>,
    private readonly ownsClient: boolean,
  ) {}

  static async create(projections: readonly Projection[], sql?: SqlClient): Promise<ProjectionHarness> {
    const client = sql ?? (await PGliteSqlClient.open());
    const schemas: Record<string, string> = {};
    for (const projection of projections) {
      const schema = quoteIdent(`h_${projection.name}_${randomUUID().slice(0, 8)}`);
      await client.exec(
        `CREATE SCHEMA ${schema}; ${projection.createTables(schema)} ${projection.createIndexes?.(schema) ?? ''}`,
      );
      schemas[projection.name] = schema;
    }
    return new ProjectionHarness(client, projections, schemas, sql === undefined);
  }

  /** Applies the events in batches of `batchSize` (all at once by default), as the runner would. */
  async given(events: readonly RecordedEvent[], batchSize = events.length || 1): Promise<this> {
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      await this.sql.transaction(async (tx) => {
        for (const projection of this.projections) {
          const wanted = batch.filter((event) => projection.filter.categories?.includes(event.streamId.split('-')[0]!) ?? true);
          if (wanted.length > 0) await projection.apply(tx, this.schemas[projection.name]!, wanted);
        }
      });
    }
    return this;
  }

  async rows<Row = Record<string, unknown>>(projection: string, table: string, orderBy = '1'): Promise<Row[]> {
    return this.sql.query<Row>(`SELECT * FROM ${this.schemas[projection]}.${table} ORDER BY ${orderBy}`);
  }

  /** The schemas a report reads, when both report read models are in the harness. */
  get reportTables(): ReportTables {
    return { journeys: this.schemas['journeys']!, catalogue: this.schemas['catalogue']!, position: '0:0' };
  }

  /** Closes the PGlite it opened; a database it was given stays open for the next test. */
  async close(): Promise<void> {
    if (this.ownsClient) await this.sql.close();
  }
}
