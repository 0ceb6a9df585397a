/**
 * Store benchmark: Samspår's PostgreSQL event store against Emmett 0.42 and the physical limit
 * (bare single-row INSERTs and a bare keyset SELECT), all in one fresh database.
 * It measures and reports; it asserts nothing.
 */
import os from 'node:os';
import { join } from 'node:path';
import { Column, EmmettColumn, LimitColumn, SamsparColumn } from './lib/columns';
import { BenchDatabase, runInBenchDatabase } from './lib/database';
import { runAppends, timeRead } from './lib/measure';
import { noteData, noteMetadata } from './lib/payload';
import {
  AppendCell,
  ReadCell,
  appendCell,
  formatMs,
  formatRate,
  formatRatio,
  peakRssBytes,
  ratio,
  renderTable,
  round,
  writeJson,
} from './lib/report';

const EVENTS = 3_000;
const WARMUP = 200;
// Each cell is measured in rounds that rotate the column order, so that drift (checkpoints,
// autovacuum, other load on the server) does not fall on one column only.
const ROUNDS = 6;
const WRITERS = 16;
const READ_EVENTS = 100_000;
const READ_BATCH = 1_000;
const READ_PASSES = 2;
const SEED_PER_APPEND = 100;
const RESULTS = join(process.cwd(), 'bench', 'results', 'store.json');

interface AppendWorkload {
  readonly key: string;
  readonly label: string;
  readonly writers: number;
  /** Returns the operation to time: one event per call. */
  prepare(column: Column): Promise<() => Promise<void>>;
}

const APPEND_WORKLOADS: readonly AppendWorkload[] = [
  {
    key: 'sequentialNewStreams',
    label: 'append, new streams, 1 writer',
    writers: 1,
    prepare: async (column) => () => column.appendToNewStream(),
  },
  {
    key: 'concurrentNewStreams',
    label: `append, new streams, ${WRITERS} writers`,
    writers: WRITERS,
    prepare: async (column) => () => column.appendToNewStream(),
  },
  {
    key: 'sequentialOneStream',
    label: 'append, one stream, expected revision',
    writers: 1,
    prepare: (column) => column.openStream(),
  },
];

type Cells<T> = Partial<Record<Column['key'], T>>;

async function measureAppends(workload: AppendWorkload, columns: readonly Column[]): Promise<Cells<AppendCell>> {
  const ops = new Map<Column, () => Promise<void>>();
  for (const column of columns) {
    const op = await column.phase(() => workload.prepare(column));
    await column.phase(() => runAppends(WARMUP, workload.writers, op));
    ops.set(column, op);
  }
  const latencies = new Map<Column, number[]>(columns.map((c) => [c, []]));
  const seconds = new Map<Column, number>(columns.map((c) => [c, 0]));
  for (let r = 0; r < ROUNDS; r++) {
    const perRound = Math.floor(EVENTS / ROUNDS) + (r < EVENTS % ROUNDS ? 1 : 0);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[(r + i) % columns.length]!;
      const samples = await column.phase(() => runAppends(perRound, workload.writers, ops.get(column)!));
      latencies.get(column)!.push(...samples.latenciesMs);
      seconds.set(column, seconds.get(column)! + samples.seconds);
    }
  }
  return Object.fromEntries(columns.map((c) => [c.key, appendCell(latencies.get(c)!, seconds.get(c)!)]));
}

async function measureReads(columns: readonly Column[]): Promise<Cells<ReadCell>> {
  for (const column of columns) await column.phase(() => column.seedForRead(READ_EVENTS, SEED_PER_APPEND));
  const first = new Map<Column, number>();
  for (const column of columns) {
    const pass = await column.phase(() => timeRead(() => column.readAll(READ_BATCH)));
    first.set(column, pass.events / pass.seconds);
  }
  // Timed passes interleaved, like the append rounds.
  const totals = new Map<Column, { events: number; seconds: number }>(columns.map((c) => [c, { events: 0, seconds: 0 }]));
  for (let r = 0; r < READ_PASSES; r++) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[(r + i) % columns.length]!;
      const pass = await column.phase(() => timeRead(() => column.readAll(READ_BATCH)));
      totals.get(column)!.events += pass.events;
      totals.get(column)!.seconds += pass.seconds;
    }
  }
  return Object.fromEntries(
    columns.map((column) => {
      const { events, seconds } = totals.get(column)!;
      const cell: ReadCell = {
        events: events / READ_PASSES,
        seconds: round(seconds / READ_PASSES, 3),
        eventsPerSecond: Math.round(events / seconds),
        firstPassEventsPerSecond: Math.round(first.get(column)!),
        api: column.readApi,
      };
      return [column.key, cell];
    }),
  );
}

interface Row<T extends { eventsPerSecond: number }> {
  readonly label: string;
  readonly cells: Cells<T>;
}

function ratios(cells: Cells<{ eventsPerSecond: number }>) {
  return {
    samsparToLimit: ratio(cells.samspar?.eventsPerSecond, cells.limit?.eventsPerSecond),
    samsparToEmmett: ratio(cells.samspar?.eventsPerSecond, cells.emmett?.eventsPerSecond),
  };
}

function printTables(appends: readonly Row<AppendCell>[], read: Row<ReadCell>): void {
  const rows = [...appends, read].map(({ label, cells }) => {
    const r = ratios(cells);
    return [
      label,
      formatRate(cells.samspar?.eventsPerSecond),
      formatRate(cells.emmett?.eventsPerSecond),
      formatRate(cells.limit?.eventsPerSecond),
      formatRatio(r.samsparToLimit),
      formatRatio(r.samsparToEmmett),
    ];
  });
  console.log(`\n${renderTable(['workload', 'Samspår', 'Emmett', 'limit', 'Samspår/limit', 'Samspår/Emmett'], rows)}`);
  const latency = (cell: AppendCell | undefined) => (cell ? `${formatMs(cell.p50Ms)} / ${formatMs(cell.p99Ms)}` : 'n/a');
  const latencyRows = appends.map(({ label, cells }) => [
    label,
    latency(cells.samspar),
    latency(cells.emmett),
    latency(cells.limit),
  ]);
  console.log(`\nlatency per append, p50 / p99 ms\n${renderTable(['workload', 'Samspår', 'Emmett', 'limit'], latencyRows)}`);
}

async function run(db: BenchDatabase): Promise<void> {
  const columns: Column[] = [];
  try {
    const samspar = await SamsparColumn.create(db.url);
    columns.push(samspar);
    columns.push(await EmmettColumn.create(db.url));
    columns.push(await LimitColumn.create(db.url, 'bench_read.events'));

    const started = Date.now();
    const loadAtStart = os.loadavg();
    const appendRows: (Row<AppendCell> & { key: string; writers: number })[] = [];
    for (const workload of APPEND_WORKLOADS) {
      console.log(`measuring: ${workload.label}`);
      appendRows.push({ ...workload, cells: await measureAppends(workload, columns) });
    }
    console.log(`measuring: readAll over ${READ_EVENTS.toLocaleString('en-US')} events (seeding first, not timed)`);
    const readRow: Row<ReadCell> = { label: `readAll, ${READ_EVENTS / 1000}k events`, cells: await measureReads(columns) };
    printTables(appendRows, readRow);

    const sequential = ratios(appendRows[0]!.cells).samsparToLimit;
    const concurrent = ratios(appendRows[1]!.cells).samsparToLimit;
    const reads = readRow.cells.samspar?.eventsPerSecond ?? 0;
    const targets = [
      {
        name: 'sequential appends ≥ 0.8 × bare INSERT',
        target: 0.8,
        actual: sequential,
        met: sequential !== null && sequential >= 0.8,
      },
      {
        name: `${WRITERS}-writer appends ≥ 0.8 × bare INSERT`,
        target: 0.8,
        actual: concurrent,
        met: concurrent !== null && concurrent >= 0.8,
      },
      { name: 'readAll ≥ 100,000 events/s', target: 100_000, actual: reads, met: reads >= 100_000 },
    ];
    const rss = peakRssBytes();
    console.log(`\npeak RSS ${(rss / 2 ** 20).toFixed(0)} MiB; run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const t of targets) console.log(`target ${t.met ? 'met    ' : 'NOT met'}  ${t.name} (actual ${t.actual})`);

    writeJson(RESULTS, {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        totalMemoryBytes: os.totalmem(),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: db.serverVersion,
        // Other work on the machine shows up here; with few cores it moves the numbers a lot.
        loadAverage1m: { start: round(loadAtStart[0]!, 2), end: round(os.loadavg()[0]!, 2) },
      },
      settings: {
        eventsPerAppendWorkload: EVENTS,
        warmupAppends: WARMUP,
        rounds: ROUNDS,
        writers: WRITERS,
        readEvents: READ_EVENTS,
        readBatchSize: READ_BATCH,
        timedReadPasses: READ_PASSES,
        seedEventsPerAppend: SEED_PER_APPEND,
        payloadDataBytes: Buffer.byteLength(JSON.stringify(noteData())),
        payloadMetadataBytes: Buffer.byteLength(JSON.stringify(noteMetadata())),
        pools: { samspar: 20, emmett: 20, limit: 16 },
      },
      workloads: Object.fromEntries([
        ...appendRows.map((row) => [
          row.key,
          { label: row.label, writers: row.writers, ...row.cells, ratios: ratios(row.cells) },
        ]),
        ['readAll', { label: readRow.label, ...readRow.cells, ratios: ratios(readRow.cells) }],
      ]),
      targets,
      peakRssBytes: rss,
      reference: {
        note: 'measured earlier on this machine',
        limit: { sequentialNewStreams: 2_900, concurrentNewStreams: 9_200 },
        emmett: { sequentialNewStreams: 1_300, concurrentNewStreams: 2_800 },
      },
      notes: [
        'Append cells: events/s over all rounds; p50/p99 are per append (one event each), in ms, after an untimed warm-up.',
        'All three columns send the same data object; Samspår and Emmett also send the same metadata (bare rows carry data only).',
        'Emmett runs with its own pg.Pool of 20 (via connectionOptions.dumbo) so that 16 writers are not capped by dumbo’s default of 10.',
        'Dumbo swaps pg’s process-wide int8/json/jsonb parsers; the bench installs them only while Emmett runs, so each column reads with its own parsers.',
        'Emmett read: its messages table also holds the append workloads’ events, so it reads from max(global_position) taken before its seed (0.42’s readLastMessageGlobalPosition returns the first position, not the last); it has no index on global_position, so every page scans and sorts the table.',
        'Read cells: events and seconds are per pass, averaged over the timed passes, which follow an untimed first pass over the same rows (firstPassEventsPerSecond).',
        'Limit read: the same rows Samspår reads (schema bench_read), without the snapshot filter, the text casts and the mapping to envelopes.',
      ],
    });
    console.log(`\nwrote ${RESULTS}`);
  } finally {
    for (const column of columns) await column.close().catch(() => undefined);
  }
}

runInBenchDatabase('bench:store', run);
