import {
  getCaseloadReport,
  getEntryProfileReport,
  getOutcomesReport,
  getReferralFlowsReport,
  getReferralInboxReport,
  getReferralOutboxReport,
  getReferralsReceivedReport,
  getTransitionsReport,
} from '../../api/client';

/** What every report route answers: its filters, when it was read, its columns and rows. */
export interface ReportAnswer {
  readonly asOf: string;
  readonly position?: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

type Query = Record<string, string>;
type Read = (options: { query: Query; headers?: Record<string, string>; parseAs?: 'text' }) => Promise<{ data?: unknown }>;

export interface ReportDefinition {
  /** The path segment under /rapporter, in Swedish. */
  readonly slug: string;
  /** The i18n key under reports.names and reports.descriptions. */
  readonly key: string;
  readonly read: Read;
  /** The caseload's grouping; the other reports have breakdowns. */
  readonly groupBy?: boolean;
  /** Statistics about people, protected by the cell key method; the others are the organisations' own operational figures. */
  readonly protected: boolean;
  readonly chart?: boolean;
}

const as = (operation: unknown): Read => operation as Read;

export const REPORTS: readonly ReportDefinition[] = [
  { slug: 'utfall', key: 'outcomes', read: as(getOutcomesReport), protected: true, chart: true },
  { slug: 'overgangar', key: 'transitions', read: as(getTransitionsReport), protected: true },
  { slug: 'deltagarprofil', key: 'entryProfile', read: as(getEntryProfileReport), protected: true },
  { slug: 'arendebelastning', key: 'caseload', read: as(getCaseloadReport), protected: false, groupBy: true },
  { slug: 'obesvarade-remisser', key: 'referralInbox', read: as(getReferralInboxReport), protected: false },
  { slug: 'skickade-remisser', key: 'referralOutbox', read: as(getReferralOutboxReport), protected: false },
  { slug: 'mottagna-remisser', key: 'referralsReceived', read: as(getReferralsReceivedReport), protected: true },
  { slug: 'remissfloden', key: 'referralFlows', read: as(getReferralFlowsReport), protected: true },
];

/** The filters every report takes, as URL parameters of the same name. */
export const FILTERS = [
  'from',
  'to',
  'organisationId',
  'trackId',
  'gender',
  'ageBand',
  'newlyArrived',
  'educationBand',
  'breakdown',
  'groupBy',
  'asOf',
] as const;
export type Filter = (typeof FILTERS)[number];

export const CHOICES: Partial<Record<Filter, readonly string[]>> = {
  gender: ['kvinna', 'man', 'annat'],
  ageBand: ['lt18', '18_29', '30_54', '55plus'],
  newlyArrived: ['true', 'false'],
  educationBand: ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'],
  breakdown: ['organisation', 'unit', 'municipality', 'track', 'gender', 'ageBand', 'newlyArrived', 'educationBand'],
  groupBy: ['organisation', 'unit', 'caseworker'],
};

/** How a column's figures read: shares as percent, days with a decimal, counts whole. */
export function kindOf(column: string): 'count' | 'rate' | 'days' | 'text' {
  if (/(Rate|Share|Coverage)$/.test(column)) return 'rate';
  if (/(Median|P75|Days)/.test(column)) return 'days';
  if (/(Id|Name|Kind|Status|^breakdown|^level|^dimension|^value|^oldestAgeBand)$/.test(column) || column === 'breakdown')
    return 'text';
  return 'count';
}
