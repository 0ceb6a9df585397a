import { BREAKDOWN_COLUMNS } from '../reporting/columns';
import type { ReportColumn } from '../reporting/columns';
import { INBOX_AGE_BANDS } from './referral-inbox.query';

const ORGANISATION_COLUMNS = (side: string): readonly ReportColumn[] => [
  { name: 'organisationId', label: `${side} organisation id`, unit: 'id' },
  { name: 'organisationName', label: `${side} organisation`, unit: 'text' },
  ...BREAKDOWN_COLUMNS,
];

/** Every column the referral-inbox report can give, in order; the breakdown column only with a breakdown. */
export const REFERRAL_INBOX_COLUMN_METADATA: readonly ReportColumn[] = [
  ...ORGANISATION_COLUMNS('Receiving'),
  { name: 'unanswered', label: 'Unanswered referrals', unit: 'referrals' },
  { name: 'overdue', label: 'Unanswered past the deadline', unit: 'referrals' },
  { name: 'overdueShare', label: 'Share past the deadline', unit: 'share' },
  { name: 'medianAgeDays', label: 'Days since sent, median', unit: 'days' },
  ...INBOX_AGE_BANDS.map((band): ReportColumn => ({
    name: band.column,
    label: `Unanswered for ${band.label} days`,
    unit: 'referrals',
  })),
  { name: 'oldestAgeBand', label: 'Age band of the oldest unanswered referral (days)', unit: 'text' },
];

/** Every column the referral-outbox report can give, in order; the breakdown column only with a breakdown. */
export const REFERRAL_OUTBOX_COLUMN_METADATA: readonly ReportColumn[] = [
  ...ORGANISATION_COLUMNS('Sending'),
  { name: 'sent', label: 'Referrals sent in the period', unit: 'referrals' },
  { name: 'pending', label: 'Still awaiting an answer', unit: 'referrals' },
  { name: 'accepted', label: 'Accepted', unit: 'referrals' },
  { name: 'declined', label: 'Declined', unit: 'referrals' },
  { name: 'withdrawn', label: 'Withdrawn', unit: 'referrals' },
  { name: 'expired', label: 'Expired unanswered', unit: 'referrals' },
];
