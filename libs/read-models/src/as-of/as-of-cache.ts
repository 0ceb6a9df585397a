import type { EventStore, SqlClient } from '@samspar/event-store';
import type { Projection } from '../runner/projection';
import { AsOfTables, buildAsOf } from './as-of-build';

interface Entry {
  readonly built: Promise<AsOfTables>;
  users: number;
  lastUsed: number;
}

/**
 * Read models as of past instants, kept for a while: a past instant's figures never change, since
 * nothing recorded later counts, so an evaluator paging through one report builds it once.
 */
export class AsOfCache {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly baseSchema: string,
    private readonly projections: readonly Projection[],
    private readonly options: { readonly keep: number; readonly ttlMs: number } = { keep: 3, ttlMs: 10 * 60_000 },
  ) {}

  async acquire(asOf: Date): Promise<{ tables: AsOfTables; release: () => void }> {
    const key = asOf.getTime();
    // An instant very close to now may still gain events from transactions that began before it.
    const cacheable = Date.now() - key > 60_000;
    let entry = cacheable ? this.entries.get(key) : undefined;
    if (!entry) {
      entry = { built: buildAsOf(this.store, this.sql, this.baseSchema, asOf, this.projections), users: 0, lastUsed: Date.now() };
      if (cacheable) this.entries.set(key, entry);
      entry.built.catch(() => this.entries.delete(key));
    }
    const held = entry;
    held.users += 1;
    try {
      const tables = await held.built;
      return {
        tables,
        release: () => {
          held.users -= 1;
          held.lastUsed = Date.now();
          if (!cacheable) void tables.drop();
          void this.evict();
        },
      };
    } catch (error) {
      held.users -= 1;
      throw error;
    }
  }

  private async evict(): Promise<void> {
    const idle = [...this.entries.entries()]
      .filter(([, entry]) => entry.users === 0)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    const now = Date.now();
    const over = this.entries.size - this.options.keep;
    for (const [index, [key, entry]] of idle.entries()) {
      if (index < over || now - entry.lastUsed > this.options.ttlMs) {
        this.entries.delete(key);
        await (await entry.built).drop().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map(async (entry) => (await entry.built.catch(() => undefined))?.drop().catch(() => undefined)));
  }
}
