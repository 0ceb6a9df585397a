import { BREAKDOWN_VALUE_COLUMN } from '../reporting/columns';
import type { ReportColumn } from '../reporting/columns';

const TRACK_COLUMNS: readonly ReportColumn[] = [
  { name: 'trackId', label: 'Track id', unit: 'id' },
  { name: 'trackName', label: 'Track', unit: 'text' },
  { name: 'trackKind', label: 'Track kind', unit: 'text' },
  BREAKDOWN_VALUE_COLUMN,
];

/** The outcomes report's columns (OUTCOMES_COLUMNS), in order. Counts are of track enrolments. */
export const OUTCOMES_COLUMN_METADATA: readonly ReportColumn[] = [
  ...TRACK_COLUMNS,
  { name: 'started', label: 'Enrolments started in the period', unit: 'enrolments' },
  { name: 'activeAtTo', label: 'Enrolments active at the end of the period', unit: 'enrolments' },
  { name: 'ended', label: 'Enrolments ended in the period', unit: 'enrolments' },
  { name: 'exitCohort', label: 'Exit cohort (enrolments ended in the period)', unit: 'enrolments' },
  { name: 'workOrStudiesAtExit', label: 'Work or studies at exit (Kolada)', unit: 'enrolments' },
  { name: 'workOrStudiesAtExitRate', label: 'Share in work or studies at exit', unit: 'share' },
  { name: 'immediateEmployed', label: 'Employed within 4 weeks of leaving (ESF+)', unit: 'enrolments' },
  { name: 'immediateEmployedRate', label: 'Share employed within 4 weeks', unit: 'share' },
  { name: 'immediateEducation', label: 'In education or training within 4 weeks (ESF+)', unit: 'enrolments' },
  { name: 'immediateEducationRate', label: 'Share in education or training within 4 weeks', unit: 'share' },
  { name: 'immediateJobSeeking', label: 'Job seeking within 4 weeks (ESF+)', unit: 'enrolments' },
  { name: 'immediateJobSeekingRate', label: 'Share job seeking within 4 weeks', unit: 'share' },
  { name: 'immediateInactive', label: 'Inactive within 4 weeks (ESF+)', unit: 'enrolments' },
  { name: 'immediateInactiveRate', label: 'Share inactive within 4 weeks', unit: 'share' },
  { name: 'immediateUnknown', label: 'No known status within 4 weeks', unit: 'enrolments' },
  { name: 'followUp90dDue', label: '90-day follow-ups due', unit: 'enrolments' },
  { name: 'followUp90dRecorded', label: '90-day follow-ups recorded', unit: 'enrolments' },
  { name: 'followUp90dCoverage', label: 'Share of 90-day follow-ups recorded', unit: 'share' },
  { name: 'workOrStudies90d', label: 'Work or studies at 90 days', unit: 'enrolments' },
  { name: 'workOrStudies90dRate', label: 'Share in work or studies at 90 days, of those followed up', unit: 'share' },
  { name: 'followUp6mDue', label: '6-month follow-ups due', unit: 'enrolments' },
  { name: 'followUp6mRecorded', label: '6-month follow-ups recorded', unit: 'enrolments' },
  { name: 'followUp6mCoverage', label: 'Share of 6-month follow-ups recorded', unit: 'share' },
  { name: 'workOrStudies6m', label: 'Work or studies at 6 months', unit: 'enrolments' },
  { name: 'workOrStudies6mRate', label: 'Share in work or studies at 6 months, of those followed up', unit: 'share' },
  { name: 'daysInTrackMedian', label: 'Days in track, median', unit: 'days' },
  { name: 'daysInTrackP75', label: 'Days in track, 75th percentile', unit: 'days' },
  { name: 'leftToWork6mDue', label: 'Left to work, 6 months passed', unit: 'enrolments' },
  { name: 'fellBack6m', label: 'Fell back within 6 months (Connect)', unit: 'enrolments' },
  { name: 'fellBack6mRate', label: 'Share fallen back within 6 months', unit: 'share' },
  { name: 'leftToWork12mDue', label: 'Left to work, 12 months passed', unit: 'enrolments' },
  { name: 'fellBack12m', label: 'Fell back within 12 months (Connect)', unit: 'enrolments' },
  { name: 'fellBack12mRate', label: 'Share fallen back within 12 months', unit: 'share' },
];

/** The transition matrix's columns (TRANSITIONS_COLUMNS), in order. */
export const TRANSITIONS_COLUMN_METADATA: readonly ReportColumn[] = [
  ...TRACK_COLUMNS,
  { name: 'entryStatus', label: 'Labour-market status at entry', unit: 'text' },
  { name: 'exitStatus', label: 'Labour-market status at exit', unit: 'text' },
  { name: 'count', label: 'Enrolments ended in the period with these statuses', unit: 'enrolments' },
];
