import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AppendCell {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface ReadCell {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The untimed first pass, which also sets hint bits on the freshly written rows. */
  readonly firstPassEventsPerSecond: number;
  readonly api: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function appendCell(latenciesMs: readonly number[], seconds: number): AppendCell {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    events: sorted.length,
    seconds: round(seconds, 3),
    eventsPerSecond: Math.round(sorted.length / seconds),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function ratio(a: number | undefined, b: number | undefined): number | null {
  return a && b ? round(a / b, 3) : null;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatRate = (value: number | undefined): string => (value === undefined ? 'n/a' : `${int.format(value)}/s`);
export const formatRatio = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
export const formatMs = (value: number): string => value.toFixed(2);

/** A plain text table: first column left-aligned, the rest right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Peak resident set size of this process so far, in bytes (maxRSS is in KiB on Linux). */
export const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
