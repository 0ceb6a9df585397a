import type { Type } from '@nestjs/common';

/** Caseloads, referral inboxes and outboxes, and referral flows: their controllers and queries. */
export const OPERATIONS_REPORT_CONTROLLERS: Type[] = [];
