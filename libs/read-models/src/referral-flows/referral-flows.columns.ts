import { DECLINE_REASONS } from '@samspar/journeys';
import { BREAKDOWN_COLUMNS } from '../reporting/columns';
import type { ReportColumn } from '../reporting/columns';
import { declinedColumn } from './referral-flows.query';

const reasonLabel = (reason: string): string => reason.replace(/_/g, ' ');

/**
 * Every column the referrals-received report can give, in order; the breakdown column (BREAKDOWN_COLUMNS) comes
 * after the organisation's when there is one.
 */
export const REFERRALS_RECEIVED_COLUMN_METADATA: readonly ReportColumn[] = [
  { name: 'organisationId', label: 'Receiving organisation id', unit: 'id' },
  { name: 'organisationName', label: 'Receiving organisation', unit: 'text' },
  ...BREAKDOWN_COLUMNS,
  { name: 'received', label: 'Referrals received in the period', unit: 'referrals' },
  { name: 'accepted', label: 'Accepted', unit: 'referrals' },
  { name: 'acceptedShare', label: 'Share accepted', unit: 'share' },
  { name: 'declined', label: 'Declined', unit: 'referrals' },
  { name: 'declinedShare', label: 'Share declined', unit: 'share' },
  ...DECLINE_REASONS.flatMap((reason): ReportColumn[] => [
    { name: declinedColumn(reason), label: `Declined: ${reasonLabel(reason)}`, unit: 'referrals' },
    { name: `${declinedColumn(reason)}Share`, label: `Share declined: ${reasonLabel(reason)}`, unit: 'share' },
  ]),
  { name: 'withdrawn', label: 'Withdrawn by the sender', unit: 'referrals' },
  { name: 'withdrawnShare', label: 'Share withdrawn', unit: 'share' },
  { name: 'expired', label: 'Expired unanswered', unit: 'referrals' },
  { name: 'expiredShare', label: 'Share expired', unit: 'share' },
  { name: 'pending', label: 'Still awaiting an answer', unit: 'referrals' },
  { name: 'pendingShare', label: 'Share awaiting an answer', unit: 'share' },
  { name: 'medianDaysToAnswer', label: 'Days to answer, median', unit: 'days' },
  { name: 'medianDaysToFirstIntervention', label: 'Days from sent to the first intervention, median', unit: 'days' },
];

/** The flows report's columns (FLOW_COLUMNS), in order. */
export const REFERRAL_FLOWS_COLUMN_METADATA: readonly ReportColumn[] = [
  { name: 'level', label: 'Level: kind or organisation', unit: 'text' },
  { name: 'fromKind', label: 'Sending organisation kind', unit: 'text' },
  { name: 'toKind', label: 'Receiving organisation kind', unit: 'text' },
  { name: 'fromOrganisationId', label: 'Sending organisation id', unit: 'id' },
  { name: 'fromOrganisationName', label: 'Sending organisation', unit: 'text' },
  { name: 'toOrganisationId', label: 'Receiving organisation id', unit: 'id' },
  { name: 'toOrganisationName', label: 'Receiving organisation', unit: 'text' },
  { name: 'referrals', label: 'Referrals sent in the period', unit: 'referrals' },
];
