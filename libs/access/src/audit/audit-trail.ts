import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { isUuid } from '@samspar/kernel';
import type { Principal } from '../sign-in/principal';
import { principalOf } from '../sign-in/request-principal';
import { AUDIT_LOG } from './audit-log';
import type { AuditEntry, AuditLog, RecordOptions } from './audit-log';
import { auditNotesOf } from './audit-notes';
import { ANONYMOUS, AuditKind, auditKindOf, deniesAreAudited } from './audit-policy';
import { AuditUnavailableError } from './audit.errors';

/** What the audit reads off Express's request, without depending on Express's types. */
export interface AuditedRequest extends IncomingMessage {
  readonly route?: { readonly path?: unknown };
  readonly params?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

const ACTING_ORGANISATION_HEADER = 'x-organisation-id';
const requestIds = new WeakMap<object, string>();

/** Turns a request into audit entries and writes them; the interceptor and the sign-in guard share it. */
@Injectable()
export class AuditTrail implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditTrail.name);
  /** Entries written without holding an answer up, until each is in (or its failure logged). */
  private readonly unsettled = new Set<Promise<void>>();

  constructor(@Inject(AUDIT_LOG) private readonly log: AuditLog) {}

  /** `read`, `command`, or undefined when the route is not audited. */
  kindOf(request: AuditedRequest): AuditKind | undefined {
    return auditKindOf(request.method, routeOf(request));
  }

  /** True when a refusal of this request must be recorded: any route under /api/v1. */
  coversDenials(request: AuditedRequest): boolean {
    return deniesAreAudited(routeOf(request));
  }

  /** Writes one entry for this request; a failure becomes AuditUnavailableError (503). */
  async record(
    request: AuditedRequest,
    act: { readonly action: string; readonly outcome: string; readonly purpose?: string | undefined },
    options: RecordOptions = {},
  ): Promise<void> {
    const entry = this.entryOf(request, act);
    try {
      await this.log.record(entry, options);
    } catch (error) {
      this.logger.error({ err: error, endpoint: entry.endpoint, outcome: entry.outcome }, 'Could not write the audit log');
      throw new AuditUnavailableError({ cause: error });
    }
  }

  /**
   * Writes one entry without the caller waiting for it: a command's outcome, whose pending row already stands for
   * the act. It goes out with the rows of other requests; settled() and the shutdown wait for it.
   */
  recordSoon(
    request: AuditedRequest,
    act: { readonly action: string; readonly outcome: string; readonly purpose?: string | undefined },
  ): Promise<void> {
    const written = this.record(request, act, { soon: true });
    const settled: Promise<void> = written.catch(() => undefined).finally(() => this.unsettled.delete(settled));
    this.unsettled.add(settled);
    return written;
  }

  /** Resolves once every entry recorded so far with recordSoon is written, or has failed and been logged. */
  async settled(): Promise<void> {
    await Promise.all([...this.unsettled]);
  }

  /** Before the pools close (onApplicationShutdown): no outcome row of an answered command is lost in a stop. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  entryOf(
    request: AuditedRequest,
    act: { readonly action: string; readonly outcome: string; readonly purpose?: string | undefined },
  ): AuditEntry {
    const principal = principalOf(request);
    const notes = auditNotesOf(request);
    const params = request.params ?? {};
    // A command that creates a participant or journey names it in its body rather than its path.
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const participantId =
      notes.participantId ?? uuidOrUndefined(params['participantId']) ?? uuidOrUndefined(body['participantId']);
    const journeyId = notes.journeyId ?? uuidOrUndefined(params['journeyId']) ?? uuidOrUndefined(body['journeyId']);
    const organisationId = principal ? actingOrganisationOf(request, principal) : undefined;
    return {
      userId: principal?.userId ?? ANONYMOUS,
      role: principal?.role ?? ANONYMOUS,
      ...(organisationId ? { organisationId } : {}),
      action: act.action,
      endpoint: `${(request.method ?? 'GET').toUpperCase()} ${routeOf(request) ?? pathOf(request)}`,
      ...(participantId ? { participantId } : {}),
      ...(journeyId ? { journeyId } : {}),
      fields: [...notes.fields].sort(),
      ...(notes.consents.size > 0 ? { consentIds: [...notes.consents].sort() } : {}),
      ...(act.purpose ? { purpose: act.purpose } : {}),
      outcome: act.outcome,
      requestId: requestIdOf(request),
    };
  }
}

/** The route template, as `/api/v1/participants/:participantId`; never the path, which may hold a query. */
function routeOf(request: AuditedRequest): string | undefined {
  const path = request.route?.path;
  return typeof path === 'string' ? path : undefined;
}

function pathOf(request: AuditedRequest): string {
  return (request.url ?? '').split('?')[0]!;
}

function uuidOrUndefined(value: unknown): string | undefined {
  return isUuid(value) ? value.toLowerCase() : undefined;
}

/** The organisation the caller acts for, as ActingFor decides; none when it is ambiguous or not theirs. */
function actingOrganisationOf(request: AuditedRequest, principal: Principal): string | undefined {
  const named = request.headers[ACTING_ORGANISATION_HEADER];
  if (typeof named === 'string') {
    const id = named.toLowerCase();
    return principal.organisationIds.includes(id) ? id : undefined;
  }
  return principal.organisationIds.length === 1 ? principal.organisationIds[0] : undefined;
}

/** The logger's request id, so that an audit row leads to the log lines; one of our own without a logger. */
function requestIdOf(request: AuditedRequest): string {
  const loggerId = (request as { id?: unknown }).id;
  if (typeof loggerId === 'string') return loggerId;
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}
