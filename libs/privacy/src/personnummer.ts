import { ValidationError, dayInSweden } from '@samspar/kernel';

export type IdentityNumberKind = 'personnummer' | 'samordningsnummer';
export type LegalGender = 'female' | 'male';

/** A checked personnummer or samordningsnummer. Personal data: never put `value` in an event unsealed. */
export interface Personnummer {
  /** 12 digits, `YYYYMMDDNNNC`; for a samordningsnummer the day is the birth day + 60. */
  readonly value: string;
  readonly kind: IdentityNumberKind;
  /** The real birth date, `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly birthYear: number;
  /** Legal gender as recorded by Skatteverket (the second-last digit); not the gender used in statistics. */
  readonly legalGender: LegalGender;
}

// Century digits, six date digits, separator, birth number and check digit. `+` only in the 10-digit form.
const FORMAT = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;
const TWELVE_DIGITS = /^\d{12}$/;
const SAMORDNING_OFFSET = 60;

/**
 * Parses the forms people write: `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` and `YYMMDD+NNNC`.
 * A 10-digit number gets its century from `today`: `-` (or none) means the person turns at most 99 this year,
 * `+` at least 100, which is how Skatteverket writes them.
 * Throws `ValidationError` with the rules `personnummer-format`, `personnummer-date`, `personnummer-future`
 * and `personnummer-check-digit`.
 */
export function parsePersonnummer(input: unknown, today: Date, field = 'personnummer'): Personnummer {
  const todayText = dateInSweden(today);
  const fail = (rule: string, message: string): never => {
    throw new ValidationError(rule, message, field);
  };

  const match = typeof input === 'string' ? FORMAT.exec(input.trim()) : null;
  if (!match) {
    return fail('personnummer-format', 'A personnummer is written YYYYMMDD-NNNC, YYMMDD-NNNC or YYMMDD+NNNC.');
  }
  // Group 1 (the century) is undefined in the 10-digit forms.
  const [, centuryText, yy, mm, dd, separator, birthNumber, checkDigit] = match;
  if (centuryText !== undefined && separator === '+') {
    return fail('personnummer-format', 'The + sign belongs only to the 10-digit form (YYMMDD+NNNC).');
  }

  const year =
    centuryText !== undefined
      ? Number(centuryText + yy)
      : inferYear(Number(yy), Number(todayText.slice(0, 4)), separator === '+');
  const month = Number(mm);
  const dayDigits = Number(dd);
  const kind: IdentityNumberKind = dayDigits > SAMORDNING_OFFSET ? 'samordningsnummer' : 'personnummer';
  const day = kind === 'samordningsnummer' ? dayDigits - SAMORDNING_OFFSET : dayDigits;

  // The messages never repeat the number or its date: they reach logs, and the number is personal data.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('personnummer-date', 'The first digits are not a date in the calendar.');
  }
  const yyyy = String(year).padStart(4, '0');
  const birthDate = `${yyyy}-${mm}-${pad2(day)}`;
  if (birthDate > todayText) {
    return fail('personnummer-future', 'The birth date is after today.');
  }

  const luhnDigits = `${yy}${mm}${dd}${birthNumber}`;
  if (luhnCheckDigit(luhnDigits) !== Number(checkDigit)) {
    return fail('personnummer-check-digit', 'The last digit does not match the others; check for a typing error.');
  }

  return {
    value: `${yyyy}${mm}${dd}${birthNumber}${checkDigit}`,
    kind,
    birthDate,
    birthYear: year,
    legalGender: Number(birthNumber[2]) % 2 === 0 ? 'female' : 'male',
  };
}

/** `YYYYMMDDNNNC` → `YYYYMMDD-NNNC`, the form Samspår shows. */
export function formatPersonnummer(value: string): string {
  if (!TWELVE_DIGITS.test(value)) {
    throw new TypeError('Only a normalised 12-digit personnummer can be formatted');
  }
  return `${value.slice(0, 8)}-${value.slice(8)}`;
}

/** The Luhn check digit for the nine digits `YYMMDDNNN`. */
export function luhnCheckDigit(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) throw new TypeError('The check digit is computed over exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    // Weights 2, 1, 2, 1, …; a two-digit product counts as the sum of its digits.
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Builds a valid 12-digit number from a birth date and a birth number (0–999); for tests and the demo data.
 * The caller chooses the birth number, and with it the legal gender (its last digit even: female).
 */
export function composePersonnummer(birthDate: string, birthNumber: number, kind: IdentityNumberKind = 'personnummer'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match || !Number.isInteger(birthNumber) || birthNumber < 0 || birthNumber > 999) {
    throw new TypeError(`Cannot compose a personnummer from ${birthDate} and ${birthNumber}`);
  }
  const [, yyyy, mm, dd] = match;
  const day = Number(dd) + (kind === 'samordningsnummer' ? SAMORDNING_OFFSET : 0);
  const nine = `${yyyy.slice(2)}${mm}${pad2(day)}${String(birthNumber).padStart(3, '0')}`;
  return `${yyyy.slice(0, 2)}${nine}${luhnCheckDigit(nine)}`;
}

function inferYear(yy: number, thisYear: number, hundredOrOlder: boolean): number {
  // The one year ending in yy among the last 100 (ages 0–99 this year), or the 100 before that for `+`.
  const youngest = thisYear - ((((thisYear - yy) % 100) + 100) % 100);
  return hundredOrOlder ? youngest - 100 : youngest;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Age and "the future" are judged by the calendar in Sweden, not by UTC.
function dateInSweden(today: Date): string {
  if (!(today instanceof Date) || Number.isNaN(today.getTime())) throw new TypeError('today must be a valid Date');
  return dayInSweden(today);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
