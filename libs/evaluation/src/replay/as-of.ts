import { ValidationError } from '@samspar/kernel';
import { dayInSweden } from '@samspar/journeys';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An offset is required: an instant without one would mean another moment on every server.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR = 3_600_000;

/**
 * The instant an evaluator means by `asOf`: an ISO date-time with an offset, or a day (YYYY-MM-DD) meaning
 * everything recorded by the end of that day in Sweden, as consent periods count days.
 */
export function parseAsOf(text: string, field = 'asOf'): Date {
  const day = DAY.exec(text);
  if (day) {
    const end = endOfSwedishDay(Number(day[1]), Number(day[2]), Number(day[3]));
    if (end !== undefined && dayInSweden(new Date(end).toISOString()) === text) return new Date(end);
  } else if (DATE_TIME.test(text)) {
    const instant = Date.parse(text);
    // Date.parse rolls 2026-02-30 over to March; the date must read back the same.
    if (!Number.isNaN(instant) && sameCalendarDate(text, instant)) return new Date(instant);
  }
  throw new ValidationError(
    'as-of-format',
    `${field} must be a day (YYYY-MM-DD, the end of that day in Sweden) or an ISO 8601 date-time with an offset, e.g. 2026-03-01T12:00:00Z`,
    field,
  );
}

/** The last millisecond of a calendar day in Europe/Stockholm (UTC+1, or +2 in summer time). */
function endOfSwedishDay(year: number, month: number, dayOfMonth: number): number | undefined {
  const nextMidnightUtc = Date.UTC(year, month - 1, dayOfMonth + 1);
  for (const offsetHours of [1, 2]) {
    const nextMidnight = nextMidnightUtc - offsetHours * HOUR;
    const next = new Date(nextMidnight).toISOString();
    const last = new Date(nextMidnight - 1).toISOString();
    if (dayInSweden(next) !== dayInSweden(last) && dayInSweden(last) === isoDay(year, month, dayOfMonth)) {
      return nextMidnight - 1;
    }
  }
  return undefined;
}

function isoDay(year: number, month: number, dayOfMonth: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

function sameCalendarDate(text: string, instant: number): boolean {
  const [date] = text.split('T') as [string];
  const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(text)![1]!;
  const minutes =
    offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  return new Date(instant + minutes * 60_000).toISOString().slice(0, 10) === date;
}
