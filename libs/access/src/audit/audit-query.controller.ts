import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { ForbiddenError, ValidationError } from '@samspar/kernel';
import { isSystemAdmin } from '../sign-in/principal';
import { principalOf } from '../sign-in/request-principal';
import { Roles, AccessRule } from '../sign-in/sign-in.decorators';
import { auditFields, auditSubject } from './audit-notes';
import { AuditQueryDto } from './audit-query.request.dto';
import { AuditTrail } from './audit-trail';
import { AuditRecord, PostgresAuditLog } from './postgres-audit-log';

const DEFAULT_LIMIT = 1000;
const COLUMNS = [
  'id',
  'at',
  'userId',
  'role',
  'organisationId',
  'action',
  'endpoint',
  'participantId',
  'journeyId',
  'fields',
  'purpose',
  'outcome',
  'requestId',
] as const satisfies readonly (keyof AuditRecord)[];
// A spreadsheet runs a cell that starts with one of these as a formula; user ids and purposes are free text.
const FORMULA_START = /^[=+\-@\t\r]/;

export interface AuditPage {
  readonly entries: readonly AuditRecord[];
  /** Pass as `before` for the next page; null on the last one. */
  readonly nextBefore: number | null;
}

/**
 * Log-based access control: admins see who read or changed what, when, why and how it ended. An admin sees the
 * acts done for their own organisations; only a system admin searches the whole log.
 */
@ApiTags('admin')
@Roles('admin')
@AccessRule('audit-log')
@Controller('api/v1/admin/audit')
export class AuditQueryController {
  constructor(
    private readonly log: PostgresAuditLog,
    private readonly trail: AuditTrail,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'The audit log, newest first: JSON, or CSV with Accept: text/csv',
    description: 'Entries of the audit log of the caller’s organisations, filtered and paged; admins only.',
  })
  @ApiResponse({
    status: 200,
    description: 'Audit entries, newest first; CSV when Accept prefers text/csv',
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: true } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async find(
    @Query() query: AuditQueryDto,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<AuditPage | string> {
    const from = query.from !== undefined ? new Date(query.from) : undefined;
    const to = query.to !== undefined ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new ValidationError('period-empty', 'from must be before to', 'from');
    const principal = principalOf(request);
    if (!principal) throw new Error('The audit search needs a signed-in route');
    const organisationId = query.organisationId?.toLowerCase();
    const everything = isSystemAdmin(principal);
    if (!everything && organisationId !== undefined && !principal.organisationIds.includes(organisationId)) {
      throw new ForbiddenError(
        'not-your-organisation',
        'organisationId must name one of the organisations in your sign-in; only a system admin searches others',
        'organisationId',
      );
    }
    // This search is audited too, under the participant it looked for.
    if (query.participantId) auditSubject(request, { participantId: query.participantId });
    auditFields(request, ['audit_log']);
    const limit = query.limit ?? DEFAULT_LIMIT;
    // Outcome rows follow their commands' answers: this process's are in before it searches.
    await this.trail.settled();
    const entries = await this.log.find({
      ...(query.participantId !== undefined ? { participantId: query.participantId.toLowerCase() } : {}),
      ...(query.userId !== undefined ? { userId: query.userId } : {}),
      ...(organisationId !== undefined ? { organisationId } : {}),
      ...(everything ? {} : { withinOrganisations: principal.organisationIds }),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(query.before !== undefined ? { before: query.before } : {}),
      limit,
    });
    const nextBefore = entries.length === limit ? entries[entries.length - 1]!.id : null;
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Vary', 'Accept');
    if (!prefersCsv(request.headers.accept)) return { entries, nextBefore };
    if (nextBefore !== null) response.setHeader('X-Next-Before', String(nextBefore));
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="samspar-audit.csv"');
    return toCsv(entries);
  }
}

function toCsv(entries: readonly AuditRecord[]): string {
  const rows = entries.map((entry) => COLUMNS.map((column) => cell(entry[column])));
  return stringify([[...COLUMNS], ...rows], { record_delimiter: '\r\n' });
}

function cell(value: AuditRecord[keyof AuditRecord]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(' ');
  const text = String(value);
  return FORMULA_START.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
}

function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = accept.indexOf('text/csv');
  if (csv < 0) return false;
  const json = accept.indexOf('application/json');
  return json < 0 || csv < json;
}
