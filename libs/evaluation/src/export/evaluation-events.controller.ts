import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessRule, CurrentPrincipal, Roles, isSystemAdmin } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { ValidationError } from '@samspar/kernel';
import { PSEUDONYMISER, Pseudonymiser } from '@samspar/privacy';
import { EvaluationEventsQueryDto } from './evaluation-events.query.dto';
import { exportEvents } from './export-stream';
import type { ExportFormat } from './export-stream';

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

@ApiTags('evaluation')
@Roles('evaluator', 'admin')
@AccessRule('evaluation-export')
@Controller('api/v1/evaluation/events')
export class EvaluationEventsController {
  private readonly logger = new Logger(EvaluationEventsController.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PSEUDONYMISER) private readonly pseudonymiser: Pseudonymiser,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'exportEvaluationEvents',
    summary: 'The event log, pseudonymised, as a streamed download',
    description:
      'Participants and every id that could link to them are pseudonyms (the same as in the other evaluation views); ' +
      'personal data and free text are left out. Ordered by the global log. Only the records owned by the ' +
      'organisations in your sign-in (the registration, consents and referrals they recorded, the journeys they ' +
      'run), whatever was shared with them; the catalogue is included whole. A system administrator gets every record.',
  })
  @ApiResponse({
    status: 200,
    description: 'One record per line (NDJSON), or CSV with a header row (format=csv)',
    content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
  })
  async download(
    @Query() query: EvaluationEventsQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (query.from !== undefined && query.to !== undefined && query.from >= query.to) {
      throw new ValidationError('period-empty', 'from must be before to', 'from');
    }
    const format = query.format ?? 'ndjson';
    const period = `${query.from ?? 'start'}_${query.to ?? 'now'}`;
    const pseudonymiser = this.pseudonymiser;
    const body = exportEvents(this.store, {
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.category !== undefined ? { categories: [query.category] } : {}),
      ...(query.type !== undefined ? { types: [query.type] } : {}),
      ...(query.organisationId !== undefined ? { organisationId: query.organisationId } : {}),
      // An evaluator sees what the organisations in the sign-in own; a system administrator sees everything.
      ...(isSystemAdmin(principal) ? {} : { owners: principal.organisationIds }),
      format,
      pseudonym: (id) => pseudonymiser.pseudonym(id),
    });
    response.statusCode = 200;
    response.setHeader('Content-Type', CONTENT_TYPES[format]);
    response.setHeader('Content-Disposition', `attachment; filename="samspar-events_${period}.${format}"`);
    // Pseudonymised data is still personal data: not for shared caches.
    response.setHeader('Cache-Control', 'no-store');
    // Who exported what, never the records themselves.
    this.logger.log({ userId: principal.userId, role: principal.role, format, ...query }, 'Pseudonymised event export');
    try {
      await pipeline(body, response);
    } catch (error) {
      // Nothing sent yet: the exception filter can still answer with problem+json.
      if (!response.headersSent) throw error;
      // Headers are gone: cutting the connection is the only way to tell the client the file is incomplete.
      if (!response.destroyed) response.destroy();
      this.logger.warn({ err: error, userId: principal.userId }, 'Pseudonymised event export stopped before the end');
    }
  }
}
