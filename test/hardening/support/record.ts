import { HardeningOutcome, recordOutcome } from '../outcome';

/** recordOutcome, and one line on stdout, so that a CI log shows each figure as it is found. */
export function record(outcome: HardeningOutcome): void {
  recordOutcome(outcome);
  const figures = `${outcome.cases} cases, ${outcome.failures} failures, ${outcome.eventsLost ?? 0} lost, ${outcome.eventsDuplicated ?? 0} duplicated`;
  process.stdout.write(
    `[hardening] ${outcome.suite} | ${outcome.check} | ${figures}${outcome.notes ? ` | ${outcome.notes}` : ''}\n`,
  );
}
