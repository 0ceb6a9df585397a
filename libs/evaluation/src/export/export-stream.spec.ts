import { readAhead } from './export-stream';

/** A reader that counts how far it was asked to read, and whether it was closed. */
function counted(total: number, failAt?: number) {
  const state = { handedOut: 0, closed: false };
  async function* events(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < total; i += 1) {
        await Promise.resolve();
        if (i === failAt) throw new Error('the store went away');
        state.handedOut += 1;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, events: events() };
}

const all = async <T>(batches: AsyncIterable<T[]>): Promise<T[][]> => {
  const seen: T[][] = [];
  for await (const batch of batches) seen.push(batch);
  return seen;
};

describe('Reading the log ahead', () => {
  it('hands out every event once, in order, in batches of the given size', async () => {
    const { events } = counted(11);
    expect(await all(readAhead(events, 4))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10],
    ]);
    expect(await all(readAhead(counted(8).events, 4))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(await all(readAhead(counted(0).events, 4))).toEqual([]);
  });

  it('reads the next batch while this one is handled, and no further', async () => {
    const { state, events } = counted(100);
    const batches = readAhead(events, 10);
    await batches.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.handedOut).toBe(20);
    await batches.return([]);
    expect(state.closed).toBe(true);
  });

  it('closes the reader when the consumer stops early', async () => {
    const { state, events } = counted(100);
    for await (const batch of readAhead(events, 10)) if (batch[0] === 10) break;
    expect(state.closed).toBe(true);
    expect(state.handedOut).toBeLessThanOrEqual(30);
  });

  it('throws a failed read where the batch is awaited', async () => {
    const { state, events } = counted(100, 15);
    const batches = readAhead(events, 10);
    expect((await batches.next()).value).toHaveLength(10);
    await expect(batches.next()).rejects.toThrow('the store went away');
    expect(state.closed).toBe(true);
  });
});
