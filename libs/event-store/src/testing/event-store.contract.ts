import { firstValueFrom, filter as where, take, toArray } from 'rxjs';
import {
  ConcurrencyError,
  EventToAppend,
  GlobalPosition,
  RecordedEvent,
  START,
  ValidationError,
  comparePositions,
  newId,
} from '@samspar/kernel';
import { EventIdReusedError } from '../event-store.errors';
import { EventStore, SubscriptionBatch } from '../event-store.port';
import { Upcasters } from '../upcasting';

export interface ContractSubject {
  readonly store: EventStore;
  close(): Promise<void>;
}

/** Opens a store; the contract passes the upcasters it wants applied. */
export type OpenStore = (upcasters: Upcasters) => Promise<ContractSubject>;

const occurredAt = '2026-11-02T09:00:00.000Z';

export function anEvent(type = 'ThingHappened', data: unknown = { n: 1 }, schemaVersion = 1): EventToAppend {
  return { id: newId(), type, data, metadata: { occurredAt, correlationId: newId(), schemaVersion } };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A category no other test touches, so readAll checks ignore the rest of a shared log. */
const freshCategory = () => `c${newId().replace(/-/g, '').slice(0, 12)}`;
const streamIn = (category: string) => `${category}-${newId()}`;

export function eventStoreContract(open: OpenStore): void {
  let subject: ContractSubject;
  let store: EventStore;

  const upcasters = new Upcasters([
    {
      type: 'NameGiven',
      fromVersion: 1,
      upcast: (data) => ({ ...(data as object), nameParts: String((data as { name: string }).name).split(' ') }),
    },
    { type: 'NameGiven', fromVersion: 2, upcast: (data) => ({ ...(data as object), upcastTwice: true }) },
  ]);

  beforeAll(async () => {
    subject = await open(upcasters);
    store = subject.store;
  });
  afterAll(async () => {
    await subject?.close();
  });

  const countIn = async (category: string) => (await collect(store.readAll({ filter: { categories: [category] } }))).length;

  describe('When appending to a new stream', () => {
    it('stores the events at revisions 0.. and returns their positions in order', async () => {
      const stream = streamIn(freshCategory());
      const events = [anEvent('A'), anEvent('B'), anEvent('C')];
      const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(2);
      expect(result.positions).toHaveLength(3);
      expect(comparePositions(result.positions[0]!, result.positions[1]!)).toBe(-1);
      expect(comparePositions(result.positions[1]!, result.positions[2]!)).toBe(-1);

      const read = await collect(store.readStream(stream));
      expect(read.map((e) => [e.id, e.type, e.revision, e.streamId])).toEqual(events.map((e, i) => [e.id, e.type, i, stream]));
      expect(read.map((e) => e.globalPosition)).toEqual(result.positions);
    });

    it('keeps data and metadata as written, and stamps recordedAt', async () => {
      const stream = streamIn(freshCategory());
      const data = { text: 'Åsa Öberg går till Komvux', nested: { list: [1, 2.5, null, true], empty: {} } };
      const event = {
        ...anEvent('Noted', data),
        metadata: {
          occurredAt,
          correlationId: 'c-1',
          causationId: 'k-1',
          actor: { userId: 'u1', role: 'caseworker', organisationId: 'o1' },
          schemaVersion: 1,
        },
      };
      const before = Date.now();
      await store.append(stream, [event]);
      const [read] = await collect(store.readStream(stream));
      expect(read!.data).toEqual(data);
      expect(read!.metadata).toEqual(event.metadata);
      expect(new Date(read!.recordedAt).toISOString()).toBe(read!.recordedAt);
      expect(Date.parse(read!.recordedAt)).toBeGreaterThanOrEqual(before - 60_000);
    });
  });

  describe('When the expected revision does not hold', () => {
    it('refuses with a ConcurrencyError that carries the expected and actual revision, and writes nothing', async () => {
      const stream = streamIn(freshCategory());
      await store.append(stream, [anEvent(), anEvent()]);
      const attempt = store.append(stream, [anEvent()], { expectedRevision: 0 });
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(stream, [anEvent()], { expectedRevision: 5 })).rejects.toMatchObject({
        expected: '5',
        actual: '1',
      });
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it("refuses 'no_stream' on a stream that exists and 'exists' on one that does not", async () => {
      const stream = streamIn(freshCategory());
      await expect(store.append(stream, [anEvent()], { expectedRevision: 'exists' })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append(stream, [anEvent()], { expectedRevision: 'no_stream' });
      await expect(store.append(stream, [anEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append(stream, [anEvent()], { expectedRevision: 'exists' });
      expect((await store.append(stream, [anEvent()], { expectedRevision: 1 })).nextRevision).toBe(2);
      expect((await store.append(stream, [anEvent()], { expectedRevision: 'any' })).nextRevision).toBe(3);
    });
  });

  describe('When the same append is sent again', () => {
    it('returns the first result and stores nothing new', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      const events = [anEvent('A'), anEvent('B')];
      const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
      const again = await store.append(stream, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      expect(await countIn(category)).toBe(2);
    });

    it('stores one copy when retried 100 times, many of them at once', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      const events = [anEvent('A'), anEvent('B'), anEvent('C')];
      const concurrent = await Promise.all(
        Array.from({ length: 50 }, () => store.append(stream, events, { expectedRevision: 'any' })),
      );
      const sequential = [];
      for (let i = 0; i < 50; i++) sequential.push(await store.append(stream, events, { expectedRevision: 'any' }));
      for (const result of [...concurrent, ...sequential]) expect(result).toEqual(concurrent[0]);
      expect(await countIn(category)).toBe(3);
      expect((await collect(store.readStream(stream))).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('refuses ids that were used by other events, and writes nothing', async () => {
      const category = freshCategory();
      const used = anEvent();
      await store.append(streamIn(category), [used]);
      await expect(store.append(streamIn(category), [anEvent(), used])).rejects.toBeInstanceOf(EventIdReusedError);
      await expect(store.append(streamIn(category), [used])).rejects.toBeInstanceOf(EventIdReusedError);
      expect(await countIn(category)).toBe(1);
    });
  });

  describe('When the input is bad', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const cases: Array<[string, (stream: string) => Promise<unknown>, string]> = [
      ['an invalid stream name', () => store.append('Not A Stream', [anEvent()]), 'invalid-stream-name'],
      ['a stream name without an id', () => store.append('participant-', [anEvent()]), 'invalid-stream-name'],
      ['a bigint in the data', (s) => store.append(s, [anEvent('A', { n: 10n })]), 'not-json-serialisable'],
      ['a function in the data', (s) => store.append(s, [anEvent('A', { f: () => 1 })]), 'not-json-serialisable'],
      ['a circular object', (s) => store.append(s, [anEvent('A', circular)]), 'not-json-serialisable'],
      ['NaN in the data', (s) => store.append(s, [anEvent('A', { n: Number.NaN })]), 'not-json-serialisable'],
      ['a Date in the data', (s) => store.append(s, [anEvent('A', { at: new Date() })]), 'not-json-serialisable'],
      ['an event over 1 MiB', (s) => store.append(s, [anEvent('A', { blob: 'x'.repeat(1024 * 1024) })]), 'event-too-large'],
      [
        'a batch over 10 MiB',
        (s) =>
          store.append(
            s,
            Array.from({ length: 11 }, () => anEvent('A', { blob: 'x'.repeat(1000 * 1000) })),
          ),
        'batch-too-large',
      ],
      [
        'a duplicate event id in one batch',
        (s) => {
          const event = anEvent();
          return store.append(s, [event, { ...event }]);
        },
        'duplicate-event-id',
      ],
      ['an empty batch', (s) => store.append(s, []), 'empty-append'],
      ['an event id that is not a UUID', (s) => store.append(s, [{ ...anEvent(), id: 'nope' }]), 'invalid-event-id'],
      [
        'a negative expected revision',
        (s) => store.append(s, [anEvent()], { expectedRevision: -1 }),
        'invalid-expected-revision',
      ],
    ];

    it.each(cases)('refuses %s with a typed error and writes nothing', async (_name, attempt, rule) => {
      const category = freshCategory();
      const error = await attempt(streamIn(category)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe(rule);
      expect(await countIn(category)).toBe(0);
    });
  });

  describe('When reading a stream', () => {
    let stream: string;
    let ids: string[];
    beforeAll(async () => {
      stream = streamIn(freshCategory());
      const events = Array.from({ length: 12 }, (_, i) => anEvent('Step', { i }));
      ids = events.map((e) => e.id);
      await store.append(stream, events.slice(0, 5));
      await store.append(stream, events.slice(5), { expectedRevision: 4 });
    });

    it('reads forwards from a revision, up to a count', async () => {
      const read = await collect(store.readStream(stream, { fromRevision: 3, maxCount: 4 }));
      expect(read.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
    });

    it('reads backwards from the end or from a revision', async () => {
      expect((await collect(store.readStream(stream, { direction: 'backwards', maxCount: 3 }))).map((e) => e.revision)).toEqual([
        11, 10, 9,
      ]);
      expect((await collect(store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).map((e) => e.id)).toEqual(
        ids.slice(0, 3).reverse(),
      );
    });

    it('yields nothing for a stream that does not exist', async () => {
      expect(await collect(store.readStream(streamIn(freshCategory())))).toEqual([]);
    });
  });

  describe('When reading the whole log', () => {
    it('returns events in an order that agrees with every stream, filtered by category and type, from a checkpoint', async () => {
      const category = freshCategory();
      const a = streamIn(category);
      const b = streamIn(category);
      await store.append(a, [anEvent('Opened'), anEvent('Noted')]);
      await store.append(b, [anEvent('Opened')]);
      await store.append(a, [anEvent('Closed')]);
      await store.append(streamIn(freshCategory()), [anEvent('Opened')]);

      const all = await collect(store.readAll({ filter: { categories: [category] }, batchSize: 2 }));
      expect(all.map((e) => `${e.streamId === a ? 'a' : 'b'}:${e.type}`)).toEqual([
        'a:Opened',
        'a:Noted',
        'b:Opened',
        'a:Closed',
      ]);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.globalPosition, all[i]!.globalPosition)).toBe(-1);

      const afterSecond = await collect(store.readAll({ from: all[1]!.globalPosition, filter: { categories: [category] } }));
      expect(afterSecond.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));

      const opened = await collect(
        store.readAll({ from: all[0]!.globalPosition, filter: { categories: [category], types: ['Opened'] } }),
      );
      expect(opened.map((e) => e.streamId)).toEqual([b]);
    });

    it('knows the head position', async () => {
      const result = await store.append(streamIn(freshCategory()), [anEvent()]);
      expect(comparePositions(await store.headPosition(), result.positions[0]!)).toBeGreaterThanOrEqual(0);
    });
  });

  describe('When subscribing', () => {
    const events = (batches: SubscriptionBatch[]) => batches.flatMap((b) => b.events);

    it('catches up from a checkpoint and then delivers new events live', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      const old = await store.append(stream, [anEvent('Old1'), anEvent('Old2')]);
      const seen: RecordedEvent[] = [];
      const live = new Promise<void>((resolve, reject) => {
        const subscription = store
          .subscribe({ from: START, filter: { categories: [category] }, batchSize: 1, pollIntervalMs: 200 })
          .subscribe({
            next: (batch) => {
              seen.push(...batch.events);
              if (seen.length === 4) {
                subscription.unsubscribe();
                resolve();
              }
            },
            error: reject,
          });
      });
      await new Promise((r) => setTimeout(r, 100));
      await store.append(stream, [anEvent('New1'), anEvent('New2')], { expectedRevision: old.nextRevision });
      await live;
      expect(seen.map((e) => e.type)).toEqual(['Old1', 'Old2', 'New1', 'New2']);
    });

    it('starts after the given checkpoint and filters by type', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      const first = await store.append(stream, [anEvent('Skip')]);
      await store.append(stream, [anEvent('Keep'), anEvent('Skip'), anEvent('Keep')]);
      const batches = await firstValueFrom(
        store.subscribe({ from: first.positions[0]!, filter: { categories: [category], types: ['Keep'] } }).pipe(
          where((batch) => batch.events.length > 0),
          take(1),
          toArray(),
        ),
      );
      expect(events(batches).map((e) => e.type)).toEqual(['Keep', 'Keep']);
    });

    it('moves its checkpoint past events the filter leaves out, so it never scans them again', async () => {
      const unwanted = await store.append(streamIn(freshCategory()), [anEvent('Unwanted')]);
      const batch = await firstValueFrom(
        store.subscribe({ filter: { categories: [freshCategory()] } }).pipe(
          where((b) => b.caughtUp),
          take(1),
        ),
      );
      expect(batch.events).toEqual([]);
      expect(comparePositions(batch.position, unwanted.positions[0]!)).toBeGreaterThanOrEqual(0);
    });

    it('with manualAck, reads no further than one batch ahead of a slow consumer', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      await store.append(
        stream,
        Array.from({ length: 30 }, (_, i) => anEvent('Step', { i })),
      );
      const delivered: SubscriptionBatch[] = [];
      const subscription = store
        .subscribe({ filter: { categories: [category] }, batchSize: 5, manualAck: true })
        .subscribe((batch) => delivered.push(batch));
      // Wait for each batch to arrive, not for a fixed time: a busy machine may take longer than any delay.
      const arrived = async (count: number) => {
        const deadline = Date.now() + 10_000;
        while (delivered.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(delivered.length).toBeGreaterThanOrEqual(count);
      };
      await arrived(1);
      // Unacknowledged, the first batch is all there is: nothing is read ahead of it.
      await new Promise((r) => setTimeout(r, 100));
      expect(delivered).toHaveLength(1);
      for (let acked = 0; acked < 6; acked++) {
        delivered[acked]!.ack();
        if (acked < 5) await arrived(acked + 2);
        expect(delivered.length).toBeLessThanOrEqual(acked + 2);
      }
      subscription.unsubscribe();
      expect(events(delivered).map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });
  });

  describe('When an event was written in an older schema version', () => {
    it('upcasts it on every read path', async () => {
      const category = freshCategory();
      const stream = streamIn(category);
      const result = await store.append(stream, [
        anEvent('NameGiven', { name: 'Anna Berg' }, 1),
        anEvent('NameGiven', { name: 'x', nameParts: ['x'] }, 2),
      ]);
      const expectV3 = (event: RecordedEvent | undefined, parts: string[]) => {
        expect(event?.metadata.schemaVersion).toBe(3);
        expect(event?.data).toMatchObject({ nameParts: parts, upcastTwice: true });
      };
      const [s0, s1] = await collect(store.readStream(stream));
      expectV3(s0, ['Anna', 'Berg']);
      expectV3(s1, ['x']);
      const [a0] = await collect(store.readAll({ filter: { categories: [category] } }));
      expectV3(a0, ['Anna', 'Berg']);
      const [batch] = await firstValueFrom(
        store.subscribe({ filter: { categories: [category] } }).pipe(
          where((b) => b.events.length > 0),
          take(1),
          toArray(),
        ),
      );
      expectV3(batch!.events[0], ['Anna', 'Berg']);
      expect(result.positions).toHaveLength(2);
    });
  });
}

export function positionsAscending(positions: readonly GlobalPosition[]): boolean {
  return positions.every((p, i) => i === 0 || comparePositions(positions[i - 1]!, p) < 0);
}
