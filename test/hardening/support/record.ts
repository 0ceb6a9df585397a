import { HardeningOutcome, recordOutcome } from '../outcome';
import type { LogCheck } from './ledger';

/** recordOutcome, and one line on stdout, so that a CI log shows each figure as it is found. */
export function record(outcome: HardeningOutcome): void {
  recordOutcome(outcome);
  const figures = `${outcome.cases} cases, ${outcome.failures} failures, ${outcome.eventsLost ?? 0} lost, ${outcome.eventsDuplicated ?? 0} duplicated`;
  process.stdout.write(
    `[hardening] ${outcome.suite} | ${outcome.check} | ${figures}${outcome.notes ? ` | ${outcome.notes}` : ''}\n`,
  );
}

/** Records the exactly-once check of the log against what the api acknowledged, and holds it to 0 lost, 0 twice. */
export function recordExactlyOnce(suite: string, check: LogCheck): void {
  record({
    suite,
    check: 'every 2xx in the log exactly once',
    cases: check.acknowledged,
    failures: check.lost + check.duplicated + check.refusedButApplied,
    eventsLost: check.lost,
    eventsDuplicated: check.duplicated,
    notes: `${check.eventsInLog} events in the log` + (check.examples.length ? `; ${check.examples.join('; ')}` : ''),
  });
  expect(check.acknowledged).toBeGreaterThan(0);
  expect({ lost: check.lost, duplicated: check.duplicated, refusedButApplied: check.refusedButApplied }).toEqual({
    lost: 0,
    duplicated: 0,
    refusedButApplied: 0,
  });
}
