import type { EventStore, SqlClient } from '@samspar/event-store';
import { ValidationError } from '@samspar/kernel';
import type { Projection } from '../runner/projection';
import { AsOfTables, buildAsOf } from './as-of-build';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', timeZoneName: 'shortOffset' });

/** Minutes Stockholm is ahead of UTC at an instant (60 or 120). */
function stockholmOffsetMinutes(at: number): number {
  const name = offsetFormat.formatToParts(new Date(at)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT+1';
  const match = /GMT([+-]\d{1,2})(?::(\d{2}))?/.exec(name);
  return match ? Number(match[1]) * 60 + Math.sign(Number(match[1])) * Number(match[2] ?? 0) : 60;
}

/**
 * The instant a report as of `text` describes. A date means the end of that day in Sweden, so that
 * "as of 2026-03-31" includes what happened and was recorded on the 31st.
 */
export function parseAsOf(text: string, now: Date, field = 'asOf'): Date {
  let instant: number;
  if (DATE.test(text)) {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const nextMidnightUtc = Date.UTC(year, month - 1, day + 1);
    if (new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) !== text) instant = Number.NaN;
    else instant = nextMidnightUtc - stockholmOffsetMinutes(nextMidnightUtc) * 60_000 - 1;
  } else {
    instant = INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  }
  if (Number.isNaN(instant)) {
    throw new ValidationError(
      'as-of-invalid',
      `${field} must be a date (YYYY-MM-DD) or an instant with an offset (ISO 8601)`,
      field,
    );
  }
  if (instant > now.getTime()) throw new ValidationError('as-of-in-future', `${field} must not be in the future`, field);
  return new Date(instant);
}

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
