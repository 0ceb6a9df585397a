import { BREAKDOWN_VALUE_COLUMN } from '../reporting/columns';
import type { ReportColumn } from '../reporting/columns';

/** The entry profile's columns (ENTRY_PROFILE_COLUMNS), in order. */
export const ENTRY_PROFILE_COLUMN_METADATA: readonly ReportColumn[] = [
  BREAKDOWN_VALUE_COLUMN,
  { name: 'dimension', label: 'ESF+ indicator', unit: 'text' },
  { name: 'value', label: 'Indicator value', unit: 'text' },
  { name: 'count', label: 'Participants who started in the period', unit: 'participants' },
];
