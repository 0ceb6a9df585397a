import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return FORMULA_START.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
}

/** RFC 4180 text with a header row, in the given column order. */
export function toCsv(columns: readonly string[], rows: readonly Readonly<Record<string, CsvValue>>[]): string {
  return stringify([columns.map(cell), ...rows.map((row) => columns.map((column) => cell(row[column])))], {
    record_delimiter: '\r\n',
  });
}
