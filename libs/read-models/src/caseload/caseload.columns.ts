import type { ReportColumn } from '../reporting/columns';

/** Every column the caseload can give; which group columns come first depends on `groupBy` (CASELOAD_GROUP_COLUMNS). */
export const CASELOAD_COLUMN_METADATA: readonly ReportColumn[] = [
  { name: 'organisationId', label: 'Organisation id', unit: 'id' },
  { name: 'organisationName', label: 'Organisation', unit: 'text' },
  { name: 'unitId', label: 'Unit id', unit: 'id' },
  { name: 'unitName', label: 'Unit', unit: 'text' },
  { name: 'caseworkerId', label: 'Caseworker id', unit: 'id' },
  { name: 'caseworkerName', label: 'Caseworker (display name from sign-in, else the id)', unit: 'text' },
  { name: 'openJourneys', label: 'Open journeys', unit: 'journeys' },
  { name: 'activeEnrolments', label: 'Active track enrolments', unit: 'enrolments' },
  { name: 'activeInterventions', label: 'Active interventions', unit: 'interventions' },
  { name: 'idleJourneys', label: 'Open journeys with no event for 30 days', unit: 'journeys' },
  { name: 'followUpsDue1m', label: '1-month follow-ups due', unit: 'enrolments' },
  { name: 'followUpsDue90d', label: '90-day follow-ups due', unit: 'enrolments' },
  { name: 'followUpsDue6m', label: '6-month follow-ups due', unit: 'enrolments' },
];
