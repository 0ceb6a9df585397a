import type { Type } from '@nestjs/common';

/** Outcomes per track and the entry profile: their controllers, and their queries for other callers. */
export const OUTCOME_REPORT_CONTROLLERS: Type[] = [];
