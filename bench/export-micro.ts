/** Mapping cost per event, on events held in memory: min of several passes, so a shared machine's noise stays out. */
import { PgSqlClient, PostgresEventStore } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { cachedPseudonyms, exportLines as newExportLines, ndjsonLine, pseudonymisedEvent } from '@samspar/evaluation';
import type { RecordedEvent } from '@samspar/kernel';
import { Pseudonymiser } from '@samspar/privacy';

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL!;
  const sql = PgSqlClient.connect(url, { max: 2 });
  const store = await PostgresEventStore.create({ sql, schema: 'samspar' });
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ batchSize: 5_000 })) {
    events.push(event);
    if (events.length >= 60_000) break;
  }
  await store.close();
  await sql.close();
  const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 3));
  const raw = (id: string) => pseudonymiser.pseudonym(id);
  const best: Record<string, number> = {};
  const passes: Record<string, () => number> = {
    hmacOnly: () => {
      let n = 0;
      for (const event of events) n += raw(event.id).length;
      return n;
    },
    uncached: () => {
      let n = 0;
      for (const event of events) {
        const record = pseudonymisedEvent(event, raw);
        if (record) n += ndjsonLine(record).length;
      }
      return n;
    },
    cached: () => {
      const cached = cachedPseudonyms(raw);
      let n = 0;
      for (const event of events) {
        const record = pseudonymisedEvent(event, cached);
        if (record) n += ndjsonLine(record).length;
      }
      return n;
    },
    mapOnly: () => {
      const cached = cachedPseudonyms(raw);
      let n = 0;
      for (const event of events) n += pseudonymisedEvent(event, cached) ? 1 : 0;
      return n;
    },
    chunks: () => {
      const cached = cachedPseudonyms(raw);
      let chunk = '';
      let n = 0;
      for (const event of events) {
        const record = pseudonymisedEvent(event, cached);
        if (!record) continue;
        chunk += ndjsonLine(record);
        if (chunk.length >= 65_536) {
          n += Buffer.from(chunk).length;
          chunk = '';
        }
      }
      return n;
    },
  };
  // The whole export over the events in memory, through a store that only hands them out: the export's own CPU.
  const memoryStore = {
    headPosition: async () => events[events.length - 1]!.globalPosition,
    async *readAll(options: { batchSize?: number } = {}) {
      const size = options.batchSize ?? 1_000;
      for (let i = 0; i < events.length; i += size) {
        await new Promise((resolve) => setImmediate(resolve));
        yield* events.slice(i, i + size);
      }
    },
  } as unknown as EventStore;
  const whole = (exportLines: typeof newExportLines) => async () => {
    let n = 0;
    for await (const chunk of exportLines(memoryStore, { format: 'ndjson', pseudonym: raw, batchSize: 5_000 }))
      n += Buffer.byteLength(chunk);
    return n;
  };
  const readOnly = async () => {
    let n = 0;
    for await (const event of memoryStore.readAll({ batchSize: 5_000 })) if (event) n += 1;
    return n;
  };
  const asyncPasses: Record<string, () => Promise<number>> = { readOnly, whole: whole(newExportLines) };
  // BASE_EXPORT: another build's export-stream.js, to compare with on the same events.
  if (process.env.BASE_EXPORT) {
    const base = (await import(process.env.BASE_EXPORT)) as { exportLines: typeof newExportLines };
    asyncPasses.base = whole(base.exportLines);
  }
  for (let round = 0; round < Number(process.env.REPEAT ?? 5); round += 1) {
    for (const [name, pass] of Object.entries(asyncPasses)) {
      const began = process.hrtime.bigint();
      await pass();
      const took = Number(process.hrtime.bigint() - began) / 1e3 / events.length;
      best[name] = Math.min(best[name] ?? Infinity, took);
    }
  }
  for (const [name, took] of Object.entries(best)) console.log(`${name.padEnd(10)} ${took.toFixed(2)} µs/event`);
  const only = process.env.PASSES?.split(',') ?? [];
  for (const [name, pass] of Object.entries(passes)) {
    if (!only.includes(name)) continue;
    let best = Infinity;
    for (let i = 0; i < Number(process.env.REPEAT ?? 5); i += 1) {
      const began = process.hrtime.bigint();
      pass();
      best = Math.min(best, Number(process.hrtime.bigint() - began) / 1e3 / events.length);
    }
    console.log(`${name.padEnd(10)} ${best.toFixed(2)} µs/event`);
  }
}

void main();
