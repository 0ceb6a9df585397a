import { CASELOAD_COLUMN_METADATA } from '../caseload/caseload.columns';
import { CASELOAD_GROUPS, CASELOAD_GROUP_COLUMNS, CASELOAD_MEASURES } from '../caseload/caseload.query';
import { ENTRY_PROFILE_COLUMN_METADATA } from '../entry-profile/entry-profile.columns';
import { ENTRY_PROFILE_COLUMNS } from '../entry-profile/entry-profile.query';
import { OUTCOMES_COLUMN_METADATA, TRANSITIONS_COLUMN_METADATA } from '../outcomes/outcomes.columns';
import { OUTCOMES_COLUMNS, TRANSITIONS_COLUMNS } from '../outcomes/outcomes.query';
import { REFERRAL_FLOWS_COLUMN_METADATA, REFERRALS_RECEIVED_COLUMN_METADATA } from '../referral-flows/referral-flows.columns';
import { FLOW_COLUMNS, REFERRALS_RECEIVED_MEASURES } from '../referral-flows/referral-flows.query';
import { REFERRAL_INBOX_COLUMN_METADATA, REFERRAL_OUTBOX_COLUMN_METADATA } from '../referral-inbox/referral-inbox.columns';
import type { ReportColumn } from './columns';
import { DIMENSIONS } from './dimensions';

const names = (columns: readonly ReportColumn[]) => columns.map((column) => column.name);

const ALL: ReadonlyArray<readonly [string, readonly ReportColumn[]]> = [
  ['outcomes', OUTCOMES_COLUMN_METADATA],
  ['transitions', TRANSITIONS_COLUMN_METADATA],
  ['entry profile', ENTRY_PROFILE_COLUMN_METADATA],
  ['caseload', CASELOAD_COLUMN_METADATA],
  ['referrals received', REFERRALS_RECEIVED_COLUMN_METADATA],
  ['referral flows', REFERRAL_FLOWS_COLUMN_METADATA],
  ['referral inbox', REFERRAL_INBOX_COLUMN_METADATA],
  ['referral outbox', REFERRAL_OUTBOX_COLUMN_METADATA],
];

describe('Report column metadata', () => {
  it.each(ALL)('names each column of the %s once, in camelCase, with a label', (_report, columns) => {
    expect(new Set(names(columns)).size).toBe(columns.length);
    for (const column of columns) {
      expect(column.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(column.label.length).toBeGreaterThan(0);
    }
  });

  it('describes the outcome reports’ columns, in their order', () => {
    expect(names(OUTCOMES_COLUMN_METADATA)).toEqual(OUTCOMES_COLUMNS);
    expect(names(TRANSITIONS_COLUMN_METADATA)).toEqual(TRANSITIONS_COLUMNS);
    expect(names(ENTRY_PROFILE_COLUMN_METADATA)).toEqual(ENTRY_PROFILE_COLUMNS);
    expect(names(REFERRAL_FLOWS_COLUMN_METADATA)).toEqual(FLOW_COLUMNS);
  });

  it.each(CASELOAD_GROUPS)('describes every column of the caseload by %s', (groupBy) => {
    expect(names(CASELOAD_COLUMN_METADATA)).toEqual(
      expect.arrayContaining([...CASELOAD_GROUP_COLUMNS[groupBy], ...CASELOAD_MEASURES]),
    );
  });

  it('describes every figure of the referrals received, and every breakdown column', () => {
    expect(names(REFERRALS_RECEIVED_COLUMN_METADATA)).toEqual(
      expect.arrayContaining([...REFERRALS_RECEIVED_MEASURES, ...DIMENSIONS]),
    );
  });

  it('gives rates as shares and medians as days', () => {
    for (const [, columns] of ALL) {
      for (const column of columns) {
        if (/(Rate|Share|Coverage)$/.test(column.name)) expect(column).toMatchObject({ unit: 'share' });
        if (/Days|median/i.test(column.name) && !/Due/.test(column.name)) expect(column).toMatchObject({ unit: 'days' });
      }
    }
  });
});
