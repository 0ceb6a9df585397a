import { SqlClient, SqlTransaction, assertSchemaName, quoteIdent } from '@samspar/event-store';
import { GlobalPosition, START } from '@samspar/kernel';
import type { Projection } from './projection';

export type GenerationState = 'building' | 'active' | 'retired';

/** One build of a read model's tables, in a schema of its own. */
export interface Generation {
  readonly name: string;
  readonly generation: number;
  readonly schema: string;
  readonly projectionVersion: number;
  readonly state: GenerationState;
  readonly createdAt: string;
  readonly switchedAt?: string;
  readonly eventsDone: number;
  readonly eventsTotal?: number;
  readonly eventsPerSecond?: number;
  readonly updatedAt: string;
}

interface GenerationRow {
  name: string;
  generation: number;
  schema_name: string;
  projection_version: number;
  state: GenerationState;
  created_at: Date | string;
  switched_at: Date | string | null;
  events_done: number;
  events_total: number | null;
  events_per_second: number | null;
  updated_at: Date | string;
}

const iso = (at: Date | string): string => (at instanceof Date ? at : new Date(at)).toISOString();

function generationOf(row: GenerationRow): Generation {
  return {
    name: row.name,
    generation: row.generation,
    schema: row.schema_name,
    projectionVersion: row.projection_version,
    state: row.state,
    createdAt: iso(row.created_at),
    ...(row.switched_at ? { switchedAt: iso(row.switched_at) } : {}),
    eventsDone: Number(row.events_done),
    ...(row.events_total !== null ? { eventsTotal: Number(row.events_total) } : {}),
    ...(row.events_per_second !== null ? { eventsPerSecond: row.events_per_second } : {}),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * Which schema holds each read model now. Every generation lives in its own schema, so a rebuild
 * writes beside the one that serves, and the switch is one row update.
 */
export class ReadModelRegistry {
  private readonly table: string;

  constructor(
    readonly sql: SqlClient,
    /** The schema of the event store; read-model schemas are named after it. */
    readonly baseSchema: string,
  ) {
    assertSchemaName(baseSchema);
    this.table = `${quoteIdent(baseSchema)}.read_model_generations`;
  }

  async migrate(): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`samspar-read-models:${this.baseSchema}`]);
      await tx.exec(`
        CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.baseSchema)};
        CREATE TABLE IF NOT EXISTS ${this.table} (
          name text NOT NULL,
          generation int NOT NULL,
          schema_name text NOT NULL UNIQUE,
          projection_version int NOT NULL,
          state text NOT NULL CHECK (state IN ('building', 'active', 'retired')),
          created_at timestamptz NOT NULL DEFAULT now(),
          switched_at timestamptz,
          events_done bigint NOT NULL DEFAULT 0,
          events_total bigint,
          events_per_second double precision,
          updated_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (name, generation)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS read_model_generations_one_active
          ON ${this.table} (name) WHERE state = 'active';
      `);
    });
  }

  /** False where no read model was ever built: the registry's table is not there yet. */
  async migrated(): Promise<boolean> {
    const [found] = await this.sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [this.table]);
    return found?.present === true;
  }

  async active(name: string, tx: Pick<SqlTransaction, 'query'> = this.sql): Promise<Generation | undefined> {
    const rows = await tx.query<GenerationRow>(`SELECT * FROM ${this.table} WHERE name = $1 AND state = 'active'`, [name]);
    return rows[0] ? generationOf(rows[0]) : undefined;
  }

  async list(): Promise<Generation[]> {
    const rows = await this.sql.query<GenerationRow>(`SELECT * FROM ${this.table} ORDER BY name, generation`);
    return rows.map(generationOf);
  }

  async get(name: string, generation: number): Promise<Generation | undefined> {
    const rows = await this.sql.query<GenerationRow>(`SELECT * FROM ${this.table} WHERE name = $1 AND generation = $2`, [
      name,
      generation,
    ]);
    return rows[0] ? generationOf(rows[0]) : undefined;
  }

  /** Creates the next generation's schema, tables and checkpoint, in one transaction. */
  async create(projection: Projection, state: 'building' | 'active'): Promise<Generation> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `samspar-read-model-create:${this.baseSchema}:${projection.name}`,
      ]);
      const [{ next }] = (await tx.query<{ next: number }>(
        `SELECT coalesce(max(generation), 0) + 1 AS next FROM ${this.table} WHERE name = $1`,
        [projection.name],
      )) as [{ next: number }];
      const schema = `${this.baseSchema}_rm_${projection.name}_${next}`;
      assertSchemaName(schema);
      const s = quoteIdent(schema);
      await tx.exec(`
        DROP SCHEMA IF EXISTS ${s} CASCADE;
        CREATE SCHEMA ${s};
        CREATE TABLE ${s}.checkpoint (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          position text NOT NULL,
          events_applied bigint NOT NULL,
          last_recorded_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        INSERT INTO ${s}.checkpoint (position, events_applied) VALUES ('${START}', 0);
        ${projection.createTables(s)}
        ${state === 'active' ? (projection.createIndexes?.(s) ?? '') : ''}
      `);
      const rows = await tx.query<GenerationRow>(
        `INSERT INTO ${this.table} (name, generation, schema_name, projection_version, state, switched_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'active' THEN now() END) RETURNING *`,
        [projection.name, next, schema, projection.version, state],
      );
      return generationOf(rows[0]!);
    });
  }

  /** Adds indexes that this version of the projection has and the generation lacks (IF NOT EXISTS: cheap when none). */
  async addIndexes(projection: Projection, generation: Generation): Promise<void> {
    const indexes = projection.createIndexes?.(quoteIdent(generation.schema));
    if (indexes) await this.sql.exec(indexes);
  }

  /** Adds the query indexes a generation was built without, and fresh statistics for the planner. */
  async finishBuild(projection: Projection, generation: Generation): Promise<void> {
    const s = quoteIdent(generation.schema);
    await this.addIndexes(projection, generation);
    const tables = await this.sql.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [
      generation.schema,
    ]);
    await this.sql.exec(tables.map((table) => `ANALYZE ${s}.${quoteIdent(table.name)};`).join('\n'));
  }

  /** Makes a caught-up generation the one that serves; the old one is retired, to be dropped. */
  async switchTo(name: string, generation: number): Promise<Generation | undefined> {
    return this.sql.transaction(async (tx) => {
      const old = await tx.query<GenerationRow>(
        `UPDATE ${this.table} SET state = 'retired', updated_at = now() WHERE name = $1 AND state = 'active' RETURNING *`,
        [name],
      );
      await tx.query(
        `UPDATE ${this.table} SET state = 'active', switched_at = now(), updated_at = now()
         WHERE name = $1 AND generation = $2 AND state = 'building'`,
        [name, generation],
      );
      return old[0] ? generationOf(old[0]) : undefined;
    });
  }

  async recordProgress(
    tx: Pick<SqlTransaction, 'query'>,
    generation: Generation,
    progress: { done: number; total?: number; perSecond?: number },
  ): Promise<void> {
    await tx.query(
      `UPDATE ${this.table} SET events_done = $3, events_total = $4, events_per_second = $5, updated_at = now()
       WHERE name = $1 AND generation = $2`,
      [generation.name, generation.generation, progress.done, progress.total ?? null, progress.perSecond ?? null],
    );
  }

  /** Drops retired generations, and builds abandoned for an older projection version. */
  async dropStale(projection: Projection): Promise<string[]> {
    const stale = await this.sql.query<GenerationRow>(
      `SELECT * FROM ${this.table} WHERE name = $1 AND (state = 'retired' OR (state = 'building' AND projection_version <> $2))`,
      [projection.name, projection.version],
    );
    for (const row of stale) {
      await this.sql.transaction(async (tx) => {
        await tx.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(row.schema_name)} CASCADE`);
        await tx.query(`DELETE FROM ${this.table} WHERE name = $1 AND generation = $2`, [row.name, row.generation]);
      });
    }
    return stale.map((row) => row.schema_name);
  }

  async building(projection: Projection): Promise<Generation | undefined> {
    const rows = await this.sql.query<GenerationRow>(
      `SELECT * FROM ${this.table} WHERE name = $1 AND state = 'building' AND projection_version = $2
       ORDER BY generation DESC LIMIT 1`,
      [projection.name, projection.version],
    );
    return rows[0] ? generationOf(rows[0]) : undefined;
  }
}

export interface Checkpoint {
  readonly position: GlobalPosition;
  readonly eventsApplied: number;
  readonly lastRecordedAt?: string;
  readonly updatedAt: string;
}

export async function readCheckpoint(tx: Pick<SqlTransaction, 'query'>, schema: string, forUpdate = false): Promise<Checkpoint> {
  const rows = await tx.query<{
    position: string;
    events_applied: number;
    last_recorded_at: Date | string | null;
    updated_at: Date | string;
  }>(
    `SELECT position, events_applied, last_recorded_at, updated_at FROM ${quoteIdent(schema)}.checkpoint${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  const row = rows[0];
  if (!row) throw new Error(`Read model schema ${schema} has no checkpoint`);
  return {
    position: row.position,
    eventsApplied: Number(row.events_applied),
    ...(row.last_recorded_at ? { lastRecordedAt: iso(row.last_recorded_at) } : {}),
    updatedAt: iso(row.updated_at),
  };
}
