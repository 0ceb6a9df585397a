import type { Type } from '@nestjs/common';
import { CaseloadController } from './caseload/caseload.controller';
import { ReferralFlowsController } from './referral-flows/referral-flows.controller';
import { ReferralInboxReportController } from './referral-inbox/referral-inbox-report.controller';
import { ReferralInboxController } from './referral-inbox/referral-inbox.controller';

export {
  CASELOAD_GROUPS,
  CASELOAD_GROUP_COLUMNS,
  CASELOAD_MEASURES,
  IDLE_AFTER_DAYS,
  caseloadReport,
} from './caseload/caseload.query';
export type { CaseloadGroup } from './caseload/caseload.query';
export {
  INBOX_AGE_BANDS,
  REFERRAL_STATES,
  inboxReferrals,
  outboxReferrals,
  referralInboxReport,
  referralOutboxReport,
} from './referral-inbox/referral-inbox.query';
export type { InboxReferral, OutboxReferral, ReferralList } from './referral-inbox/referral-inbox.query';
export { inboxFeed } from './referral-inbox/referral-inbox.feed';
export {
  FLOW_COLUMNS,
  REFERRALS_RECEIVED_MEASURES,
  declinedColumn,
  referralFlowsReport,
  referralsReceivedReport,
} from './referral-flows/referral-flows.query';

/** Caseloads, referral inboxes and outboxes, and referral flows: their controllers and queries. */
export const OPERATIONS_REPORT_CONTROLLERS: Type[] = [
  CaseloadController,
  ReferralInboxReportController,
  ReferralFlowsController,
  ReferralInboxController,
];
