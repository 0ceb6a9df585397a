import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessRule, CurrentPrincipal, Roles, isSystemAdmin, purposeOf } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { NotFoundError, ValidationError, parseAsOf } from '@samspar/kernel';
import { ApiJsonSchemaResponse, setETag } from '@samspar/platform';
import { JourneyReads } from './journey-reads';
import { EvaluatorJourneyHistory, replayJourney } from './replay-journey';

/**
 * Evaluators replay a journey's history, as known then and as known now, and see it as of any instant: the
 * journeys their organisations run, only by pseudonym, the data through the export's allow-list.
 */
@ApiTags('evaluation')
@Roles('evaluator', 'admin')
@AccessRule('evaluation-history')
@Controller('api/v1/evaluation/participants')
export class ReplayJourneyController {
  constructor(private readonly reads: JourneyReads) {}

  @Get(':participantId/journeys/:journeyId/history')
  @ApiOperation({
    operationId: 'getJourneyHistory',
    summary: "A journey's event history with the state after each event, its corrections, and its state as of an instant",
    description:
      'For evaluators: each event of the journey, pseudonymised, with the journey’s state after it; corrected steps marked; asOf folds the history up to that instant.',
  })
  @ApiJsonSchemaResponse({ type: 'object', additionalProperties: true })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'A day (YYYY-MM-DD: the end of that day in Sweden) or an ISO 8601 date-time with an offset',
    example: '2026-03-01',
  })
  @ApiQuery({
    name: 'states',
    required: false,
    enum: ['summary', 'full'],
    description: "What each entry's stateAfter holds: a summary (default) or the whole journey, which grows with it",
  })
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'Why you read it; required for skyddade personuppgifter' })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @Param('journeyId', ParseUUIDPipe) journeyId: string,
    @Query('asOf') asOf: unknown,
    @Query('states') states: unknown,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<EvaluatorJourneyHistory> {
    if (asOf !== undefined && typeof asOf !== 'string') {
      throw new ValidationError('as-of-format', 'Give asOf once', 'asOf');
    }
    if (states !== undefined && states !== 'summary' && states !== 'full') {
      throw new ValidationError('states-value', 'states must be summary or full', 'states');
    }
    const history = await replayJourney(this.reads, participantId, journeyId, {
      states: states ?? 'summary',
      ...(asOf === undefined ? {} : { asOf: parseAsOf(asOf, { now: new Date() }) }),
      ...(isSystemAdmin(principal) ? {} : { owners: principal.organisationIds }),
      permissions: principal.permissions,
      ...(purposeOf(request.headers) ? { purpose: purposeOf(request.headers)! } : {}),
    });
    if (!history) throw new NotFoundError('journey-not-found', 'No participant with this id has this journey');
    setETag(response, history.revision);
    response.setHeader('Cache-Control', 'no-store');
    return history;
  }
}
