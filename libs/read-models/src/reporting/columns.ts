import { DIMENSIONS } from './dimensions';

/**
 * What a report column holds, for the API document and for people reading a CSV: counts name what they count
 * (suppression is still judged on the people behind them), `share` is a fraction in [0, 1], `days` a duration.
 */
export type ColumnUnit =
  'id' | 'text' | 'participants' | 'journeys' | 'enrolments' | 'interventions' | 'referrals' | 'share' | 'days';

/** One column of a report: its name in JSON and CSV (camelCase), an English label, and its unit. */
export interface ReportColumn {
  readonly name: string;
  readonly label: string;
  readonly unit: ColumnUnit;
}

const DIMENSION_LABELS: Record<(typeof DIMENSIONS)[number], string> = {
  organisation: 'Organisation id',
  unit: 'Unit id',
  municipality: 'Municipality code',
  track: 'Track id',
  gender: 'Gender',
  ageBand: 'Age band at the start',
  newlyArrived: 'Newly arrived',
  educationBand: 'Education band (ISCED)',
};

/** The column a report adds, named after the dimension, when it is broken down by one (referral reports). */
export const BREAKDOWN_COLUMNS: readonly ReportColumn[] = DIMENSIONS.map((name) => ({
  name,
  label: DIMENSION_LABELS[name],
  unit: name === 'organisation' || name === 'unit' || name === 'track' ? 'id' : 'text',
}));

/** The column `breakdown` of the outcome reports: the value of the breakdown dimension, or `all`. */
export const BREAKDOWN_VALUE_COLUMN: ReportColumn = {
  name: 'breakdown',
  label: 'Breakdown value (all without a breakdown)',
  unit: 'text',
};

/** The columns as the API document describes them: ids and text are dimensions, the rest are cells. */
export function columnDocs(
  columns: readonly ReportColumn[],
): { name: string; kind: 'dimension' | 'measure'; label: string; unit: string }[] {
  return columns.map((column) => ({
    name: column.name,
    kind: column.unit === 'id' || column.unit === 'text' ? 'dimension' : 'measure',
    label: column.label,
    unit: column.unit,
  }));
}
