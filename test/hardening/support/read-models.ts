import { Pool } from 'pg';
import { sleep } from './processes';

export const READ_MODELS = ['journeys', 'catalogue'] as const;

/** Each table of a read model's active generation: its rows as text, sorted. */
export type ReadModelDump = Record<string, readonly string[]>;

async function head(pool: Pool, schema: string): Promise<string> {
  const { rows } = await pool.query<{ position: string }>(
    `SELECT transaction_id::text || ':' || global_position AS position FROM "${schema}".events
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows[0]?.position ?? '0:0';
}

const compare = (a: string, b: string): number => {
  const [a1, a2] = a.split(':').map(BigInt) as [bigint, bigint];
  const [b1, b2] = b.split(':').map(BigInt) as [bigint, bigint];
  return a1 !== b1 ? (a1 < b1 ? -1 : 1) : a2 === b2 ? 0 : a2 < b2 ? -1 : 1;
};

export async function activeGeneration(
  pool: Pool,
  schema: string,
  name: string,
): Promise<{ generation: number; schema: string } | undefined> {
  const { rows } = await pool.query<{ generation: number; schema_name: string }>(
    `SELECT generation, schema_name FROM "${schema}".read_model_generations WHERE name = $1 AND state = 'active'`,
    [name],
  );
  return rows[0] ? { generation: rows[0].generation, schema: rows[0].schema_name } : undefined;
}

/** Until every read model's active generation has applied the whole log (all writers have stopped). */
export async function waitUntilCaughtUp(pool: Pool, schema: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const target = await head(pool, schema);
    const positions: string[] = [];
    for (const name of READ_MODELS) {
      const active = await activeGeneration(pool, schema, name).catch(() => undefined);
      if (!active) {
        positions.push(`${name}: none`);
        continue;
      }
      const { rows } = await pool.query<{ position: string }>(`SELECT position FROM "${active.schema}".checkpoint`);
      const position = rows[0]?.position ?? '0:0';
      positions.push(compare(position, target) >= 0 ? 'ok' : `${name}: ${position}`);
    }
    if (positions.every((each) => each === 'ok')) return;
    if (Date.now() > deadline) {
      throw new Error(`the read models did not catch up within ${timeoutMs} ms: head ${target}; ${positions.join(', ')}`);
    }
    await sleep(200);
  }
}

/** The active generation of each read model, every table but the checkpoint, rows sorted as text. */
export async function dumpReadModels(pool: Pool, schema: string): Promise<ReadModelDump> {
  const dump: Record<string, string[]> = {};
  for (const name of READ_MODELS) {
    const active = await activeGeneration(pool, schema, name);
    if (!active) throw new Error(`read model ${name} has no active generation in ${schema}`);
    const { rows: tables } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_name <> 'checkpoint' ORDER BY table_name`,
      [active.schema],
    );
    for (const { table_name: table } of tables) {
      const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM "${active.schema}"."${table}" t ORDER BY 1`);
      dump[`${name}.${table}`] = rows.map((row) => row.row);
    }
  }
  return dump;
}

export interface DumpDifference {
  readonly tables: number;
  readonly rows: number;
  /** Rows in one dump and not the other, summed over tables. */
  readonly differingRows: number;
  readonly examples: readonly string[];
}

export function compareDumps(actual: ReadModelDump, expected: ReadModelDump): DumpDifference {
  const examples: string[] = [];
  let differingRows = 0;
  let rows = 0;
  const tables = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  for (const table of tables) {
    const a = actual[table];
    const b = expected[table];
    if (!a || !b) {
      differingRows += (a ?? b ?? []).length;
      examples.push(`${table}: only in the ${a ? 'first' : 'second'} dump`);
      continue;
    }
    rows += b.length;
    const counts = new Map<string, number>();
    for (const row of a) counts.set(row, (counts.get(row) ?? 0) + 1);
    for (const row of b) counts.set(row, (counts.get(row) ?? 0) - 1);
    for (const [row, count] of counts) {
      if (count === 0) continue;
      differingRows += Math.abs(count);
      if (examples.length < 6) examples.push(`${table}: ${count > 0 ? 'extra' : 'missing'} ${row.slice(0, 300)}`);
    }
  }
  return { tables: tables.length, rows, differingRows, examples };
}
