import type { Type } from '@nestjs/common';
import { EntryProfileController } from './entry-profile/entry-profile.controller';
import { OutcomesController } from './outcomes/outcomes.controller';

export {
  outcomesReport,
  transitionsReport,
  OUTCOMES_COLUMNS,
  TRANSITIONS_COLUMNS,
  TRANSITION_STATUSES,
} from './outcomes/outcomes.query';
export { entryProfileReport, ENTRY_PROFILE_COLUMNS, ESF_ENTRY_GROUPS } from './entry-profile/entry-profile.query';
export { ESF_IMMEDIATE_GROUPS } from './outcomes/esf-groups';
export { enrolmentScope, ENROLMENT_COLUMNS, REPORT_TIME_ZONE } from './outcomes/enrolment-scope';
export type { ReportSchemas, SqlQuery } from './outcomes/enrolment-scope';

/** Outcomes per track and the entry profile: their controllers, and their queries for other callers. */
export const OUTCOME_REPORT_CONTROLLERS: Type[] = [OutcomesController, EntryProfileController];
