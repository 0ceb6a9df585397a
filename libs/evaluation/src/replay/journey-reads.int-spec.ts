import { PostgresEventStore } from '@samspar/event-store';
import { uniqueSchema, usePGlite } from '@samspar/event-store/testing';
import { anEvent } from '@samspar/event-store/testing';
import { Pseudonymiser } from '@samspar/privacy';
import { JourneyReads } from './journey-reads';

const STREAM = 'participant-5f0c4a52-8a51-4d6b-9a51-2f1f3c8a0b11';
const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);

describe('What evaluators replay, kept between requests', () => {
  const sql = usePGlite();
  const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 7));

  it('gives the stream as the store has it, with what was appended since it was kept', async () => {
    const store = await PostgresEventStore.create({ sql: sql(), schema: uniqueSchema('reads') });
    const reads = new JourneyReads(store, pseudonymiser);
    expect(await reads.stream(STREAM)).toEqual([]);
    const first = [anEvent('A'), anEvent('B')];
    await store.append(STREAM, first, { expectedRevision: 'no_stream' });
    expect(ids(await reads.stream(STREAM))).toEqual(ids(first));
    const kept = await reads.stream(STREAM);
    expect(await reads.stream(STREAM)).toBe(kept);

    const later = [anEvent('C')];
    await store.append(STREAM, later, { expectedRevision: 1 });
    const fresh = [];
    for await (const event of store.readStream(STREAM)) fresh.push(event);
    expect(await reads.stream(STREAM)).toEqual(fresh);
    // Read whole: the empty stream and the first read; the rest from what was kept.
    expect(reads.stats()).toEqual({ hits: 3, misses: 2, events: 3 });
  });

  it('reads the stream afresh when the store no longer has the event kept last (restored from an older backup)', async () => {
    const schema = uniqueSchema('reads_restore');
    const store = await PostgresEventStore.create({ sql: sql(), schema });
    const reads = new JourneyReads(store, pseudonymiser);
    await store.append(STREAM, [anEvent('A'), anEvent('B'), anEvent('C')], { expectedRevision: 'no_stream' });
    expect(await reads.stream(STREAM)).toHaveLength(3);

    // The older backup had the first event only; what was appended after the restore differs from what was kept.
    await sql().query(`DROP SCHEMA ${schema} CASCADE`);
    const restored = await PostgresEventStore.create({ sql: sql(), schema });
    const before = [anEvent('A')];
    await restored.append(STREAM, before, { expectedRevision: 'no_stream' });
    expect(ids(await reads.stream(STREAM))).toEqual(ids(before));
    const after = [anEvent('D'), anEvent('E'), anEvent('F')];
    await restored.append(STREAM, after, { expectedRevision: 0 });
    expect(ids(await reads.stream(STREAM))).toEqual(ids([...before, ...after]));
    expect(reads.stats()).toEqual({ hits: 1, misses: 2, events: 4 });
  });

  it('keeps nothing when told to, and pseudonymises as the pseudonymiser does', async () => {
    const store = await PostgresEventStore.create({ sql: sql(), schema: uniqueSchema('reads_none') });
    const reads = new JourneyReads(store, pseudonymiser, { keptEvents: 0 });
    await store.append(STREAM, [anEvent('A')], { expectedRevision: 'no_stream' });
    const once = await reads.stream(STREAM);
    expect(await reads.stream(STREAM)).not.toBe(once);
    expect(await reads.stream(STREAM)).toEqual(once);
    expect(reads.pseudonym('x-1')).toBe(pseudonymiser.pseudonym('x-1'));
    expect(new JourneyReads(store, pseudonymiser).pseudonym('x-1')).toBe(pseudonymiser.pseudonym('x-1'));
  });
});
