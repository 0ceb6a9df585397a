import { dayInSweden } from '@samspar/kernel';
/**
 * SoL 12:1 as Samspår applies it: a participant's record is cleared five years after its last entry, at the
 * latest by the end of the calendar year after that. Participants born on a research day are kept (the
 * research exception); which days is configured (GALLRING_RESEARCH_DAYS).
 */
export const RETENTION_YEARS = 5;
export const DEFAULT_RESEARCH_DAYS: readonly number[] = [5, 15, 25];

const SAMORDNING_OFFSET = 60;

// The calendar year of the deadline is the Swedish one: a record due on New Year's Eve in UTC is due in the new year here.
/** When the retention period of a record whose last entry was at `lastEntryAt` has passed. */
export function gallringDueAt(lastEntryAt: Date): Date {
  const due = new Date(lastEntryAt.getTime());
  // 29 February plus five years rolls over to 1 March: later, never earlier, than the law asks.
  due.setUTCFullYear(due.getUTCFullYear() + RETENTION_YEARS);
  return due;
}

/**
 * The latest last entry that can be due at `now`, five years back: gallring reads only the records entered up to
 * it, and gallringDueAt still judges each. A 29 February rolls forward to 1 March, which reads more, never less.
 */
export function latestDueEntry(now: Date): Date {
  const bound = new Date(now.getTime());
  bound.setUTCFullYear(bound.getUTCFullYear() - RETENTION_YEARS);
  return bound;
}

/** The last day the record may be kept: 31 December of the year after it fell due (YYYY-MM-DD). */
export function gallringDeadline(dueAt: Date): string {
  return `${Number(dayInSweden(dueAt).slice(0, 4)) + 1}-12-31`;
}

/**
 * The day of the month the person was born, from a normalised 12-digit personnummer; a samordningsnummer
 * writes the day plus 60. Undefined when the value is not such a number.
 */
export function birthDayOf(personnummer: unknown): number | undefined {
  if (typeof personnummer !== 'string' || !/^\d{12}$/.test(personnummer)) return undefined;
  const digits = Number(personnummer.slice(6, 8));
  const day = digits > SAMORDNING_OFFSET ? digits - SAMORDNING_OFFSET : digits;
  return day >= 1 && day <= 31 ? day : undefined;
}
