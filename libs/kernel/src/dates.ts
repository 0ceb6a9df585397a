import { ValidationError } from './errors';

/**
 * Days and instants as Samspår reads them. Consent periods, follow-up dates and "as of" days are calendar days
 * in Sweden, whatever the server's time zone; an instant is always written with its offset.
 */

const swedishDay = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) an instant falls on in Sweden. */
export function dayInSweden(at: string | number | Date): string {
  return swedishDay.format(at instanceof Date ? at : new Date(at));
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An offset is required: an instant without one would mean another moment on every server.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR = 3_600_000;

/** True when YYYY-MM-DD names a day that exists (not 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  const day = DAY.exec(text);
  if (!day) return false;
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The last millisecond of a calendar day in Sweden (UTC+1, or +2 in summer time); undefined for no such day. */
export function endOfSwedishDay(day: string): number | undefined {
  if (!isCalendarDay(day)) return undefined;
  const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
  const nextMidnightUtc = Date.UTC(year, month - 1, dayOfMonth + 1);
  for (const offsetHours of [1, 2]) {
    const nextMidnight = nextMidnightUtc - offsetHours * HOUR;
    if (dayInSweden(nextMidnight - 1) === day && dayInSweden(nextMidnight) !== day) return nextMidnight - 1;
  }
  return undefined;
}

/** The instant an ISO 8601 date-time with an offset names, or NaN when it is malformed or names no real date. */
export function parseInstant(text: string): number {
  const match = INSTANT.exec(text);
  if (!match) return Number.NaN;
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) return Number.NaN;
  // Date.parse rolls 2026-02-30 over into March: the date must read back the same in its own offset.
  const offset = match[4]!;
  const minutes =
    offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  return new Date(instant + minutes * 60_000).toISOString().slice(0, 10) === match[1] ? instant : Number.NaN;
}

/**
 * The instant "as of" means, for every report, history, replay and export, over HTTP and in the CLI:
 * - a day (YYYY-MM-DD) is everything recorded by the end of that day in Sweden, and today means up to now;
 * - a date-time needs an offset, with up to nine decimals of seconds;
 * - a day that does not exist (2026-02-30) is refused as `as-of-format`, a moment after now as `as-of-in-future`.
 */
export function parseAsOf(text: string, options: { readonly now: Date; readonly field?: string }): Date {
  const field = options.field ?? 'asOf';
  const now = options.now.getTime();
  let instant: number;
  if (DAY.test(text)) {
    const end = endOfSwedishDay(text);
    instant = end === undefined ? Number.NaN : text === dayInSweden(now) ? Math.min(end, now) : end;
  } else {
    instant = parseInstant(text);
  }
  if (Number.isNaN(instant)) {
    throw new ValidationError(
      'as-of-format',
      `${field} must be a day (YYYY-MM-DD, the end of that day in Sweden) or an ISO 8601 date-time with an offset, e.g. 2026-03-01T12:00:00Z`,
      field,
    );
  }
  if (instant > now) throw new ValidationError('as-of-in-future', `${field} must not be after now`, field);
  return new Date(instant);
}
