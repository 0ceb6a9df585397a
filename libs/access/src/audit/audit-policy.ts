import { DomainError, ValidationError } from '@samspar/kernel';
import { UnauthenticatedError } from '../sign-in/sign-in.errors';

/** Why the caller acts, in their own words; required for participants with skyddade personuppgifter. */
export const PURPOSE_HEADER = 'X-Purpose';
export const PURPOSE_MAX_LENGTH = 200;
/** Who an unauthenticated request is recorded as. */
export const ANONYMOUS = 'anonymous';
export const AUDIT_QUERY_ROUTE = '/api/v1/admin/audit';

export type AuditKind = 'read' | 'command';

/** Ten or twelve digits, with or without a separator: a personnummer or samordningsnummer (as correct-step refuses). */
const PERSONNUMMER_LIKE = /(^|\D)(\d{2})?\d{6}[-+ ]?\d{4}(\D|$)/;
const API = '/api/v1/';
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_METHODS = new Set(['GET', 'HEAD']);
/** Reads of personal data that name no participant in their path. */
const PERSONAL_READS = new Set([
  // The personnummer lookup: the answer says that this person is registered.
  '/api/v1/participants',
  // Who read whose data: the audit itself.
  AUDIT_QUERY_ROUTE,
  // The work list names the participants of its journeys.
  '/api/v1/journeys',
]);

/**
 * What a route is for the audit, by its method and route template: every command under /api/v1, and
 * every read of personal data. Reports (aggregates), catalogue reads, inbox lists (ids only) are not.
 */
export function auditKindOf(method: string | undefined, route: string | undefined): AuditKind | undefined {
  if (method === undefined || route === undefined || !route.startsWith(API)) return undefined;
  const verb = method.toUpperCase();
  if (COMMAND_METHODS.has(verb)) return 'command';
  if (!READ_METHODS.has(verb)) return undefined;
  if (PERSONAL_READS.has(route)) return 'read';
  // Pseudonymised data is still personal data.
  if (route.startsWith('/api/v1/evaluation/')) return 'read';
  if (/\/:(participantId|journeyId)(\/|$)/.test(route)) return 'read';
  return undefined;
}

/** Every refusal of access under /api/v1 is audited, on aggregate and catalogue routes too. */
export function deniesAreAudited(route: string | undefined): boolean {
  return route !== undefined && route.startsWith(API);
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  validation: 400,
  illegal_state: 409,
  not_found: 404,
  concurrency: 412,
  forbidden: 403,
};

/** The status the exception filters will answer with (kept here: platform's filter sits above access). */
export function statusOf(error: unknown): number {
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof DomainError) return DOMAIN_STATUS[error.kind];
  const candidate = error as { getStatus?: unknown; statusCode?: unknown; status?: unknown } | null;
  if (candidate && typeof candidate.getStatus === 'function') {
    const status: unknown = (candidate.getStatus as () => unknown).call(error);
    if (typeof status === 'number') return status;
  }
  if (candidate && typeof candidate.statusCode === 'number' && candidate.statusCode >= 400) return candidate.statusCode;
  return 500;
}

/**
 * A refusal of access is a denial: no token, a wrong role, "not yours" (the same 404 as an unknown id),
 * or a protected participant read without a purpose. Other failures keep the act's own name.
 */
export function actionOf(kind: AuditKind, status: number, rule?: string): 'read' | 'command' | 'denied' {
  if (status === 401 || status === 403 || status === 404 || rule === 'purpose-required') return 'denied';
  return kind;
}

export function ruleOf(error: unknown): string | undefined {
  const rule = (error as { rule?: unknown } | null)?.rule;
  return typeof rule === 'string' ? rule : undefined;
}

/**
 * The X-Purpose header, trimmed; undefined when absent or blank. Refuses (400) a purpose that is too
 * long or holds a personnummer: the audit log must hold no personal data but ids.
 */
export function purposeOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const raw = headers[PURPOSE_HEADER.toLowerCase()];
  if (raw === undefined) return undefined;
  const purpose = decodeHeader(Array.isArray(raw) ? raw.join(', ') : raw).trim();
  if (purpose.length === 0) return undefined;
  checkPurpose(purpose);
  return purpose;
}

export function checkPurpose(purpose: string): void {
  if (purpose.length > PURPOSE_MAX_LENGTH) {
    throw new ValidationError(
      'purpose-too-long',
      `${PURPOSE_HEADER} may be at most ${PURPOSE_MAX_LENGTH} characters`,
      PURPOSE_HEADER,
    );
  }
  // Control characters would let a purpose forge lines in a CSV export or a terminal.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(purpose)) {
    throw new ValidationError('purpose-invalid', `${PURPOSE_HEADER} must be one line of text`, PURPOSE_HEADER);
  }
  if (PERSONNUMMER_LIKE.test(purpose)) {
    throw new ValidationError('purpose-personal-data', `${PURPOSE_HEADER} must not contain a personnummer`, PURPOSE_HEADER);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Node reads header bytes as latin1; a client that sent UTF-8 (åäö) gets its text back, others keep latin1. */
function decodeHeader(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
