/**
 * One audited act: a read of personal data, a command, a denial, or a gallring. Who, what, when, why,
 * and how it ended. It never holds personal data itself: participants appear by id.
 */
export interface AuditEntry {
  /** When it happened (ISO 8601); defaults to the time it is written. */
  readonly at?: string;
  readonly userId: string;
  readonly role: string;
  readonly organisationId?: string;
  /** `read` of personal data, `command`, `denied`, `gallring`, or another verb an admin would search for. */
  readonly action: string;
  /** The route template (`GET /api/v1/participants/:participantId`) or the tool (`cli gallring`). */
  readonly endpoint: string;
  readonly participantId?: string;
  readonly journeyId?: string;
  /** The personal or sensitive fields the act touched, e.g. `personnummer`, `name`. */
  readonly fields?: readonly string[];
  /** Why, from the X-Purpose header; required for participants with skyddade personuppgifter. */
  readonly purpose?: string;
  /** The consents through which records of another organisation were read (OSL 12:2). */
  readonly consentIds?: readonly string[];
  /** The HTTP status, or a word such as `applied` for tools. */
  readonly outcome: string;
  readonly requestId?: string;
}

export interface RecordOptions {
  /** Nobody waits for this row (a command's outcome, answered already): it may wait to share a statement. */
  readonly soon?: boolean;
}

/** Append-only. A write that fails must fail the act it records (the api answers 503). */
export interface AuditLog {
  record(entry: AuditEntry, options?: RecordOptions): Promise<void>;
}

export const AUDIT_LOG = Symbol('AUDIT_LOG');
