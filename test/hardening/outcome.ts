import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the hardening summary: what was tried and what went wrong. */
export interface HardeningOutcome {
  readonly suite: string;
  readonly check: string;
  readonly cases: number;
  readonly failures: number;
  readonly eventsLost?: number;
  readonly eventsDuplicated?: number;
  readonly notes?: string;
}

const outcomes = new Map<string, HardeningOutcome[]>();

/** Records an outcome for the summary that the suite's teardown prints and writes to bench/results/hardening.json. */
export function recordOutcome(outcome: HardeningOutcome): void {
  const list = outcomes.get(outcome.suite) ?? [];
  list.push(outcome);
  outcomes.set(outcome.suite, list);
  const parts = join(__dirname, '..', '..', 'bench', 'results', 'hardening-parts');
  mkdirSync(parts, { recursive: true });
  writeFileSync(join(parts, `${outcome.suite.replace(/[^a-z0-9-]+/gi, '-')}.json`), JSON.stringify(list, null, 2));
}
