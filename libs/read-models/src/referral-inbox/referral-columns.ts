import { ageBandSql } from '../reporting/dimensions';
import type { DimensionColumns } from '../reporting/report-filters';

/**
 * Filter columns of `referrals r`, seen from the receiving or the sending side. `o` is the catalogue row of
 * that side's organisation. The track is the suggested one; the age band is judged when the referral was sent.
 */
export const referralColumns = (side: 'to' | 'from'): DimensionColumns => ({
  organisation: `r.${side}_organisation_id`,
  municipality: 'o.municipality_code',
  track: 'r.suggested_track_id',
  gender: 'r.gender',
  ageBand: ageBandSql('r.birth_year', 'r.sent_at'),
  newlyArrived: 'r.newly_arrived',
  educationBand: 'r.education_band',
});

/** Days between two timestamptz expressions, with the fraction. */
export const daysBetween = (from: string, to: string): string => `(extract(epoch FROM (${to} - ${from})) / 86400)::float8`;
