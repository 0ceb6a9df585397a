import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import { reportFilters } from '../reporting/report-filters';
import { respond } from '../reporting/report';
import type { Report } from '../reporting/report';
import { ReadModels } from '../runner/read-models.service';
import { caseloadReport } from './caseload.query';
import { CaseloadQueryDto } from './caseload.request.dto';

@ApiTags('reports')
@Roles('manager')
@Controller('api/v1/reports/caseload')
export class CaseloadController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({
    summary: 'Caseload now: open, idle and active work and follow-ups due, per organisation, unit or caseworker',
    description:
      'Counts only; a cell behind fewer than 5 participants is `suppressed`. The period is not used: the figures are as of now.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'A flat report table' })
  async caseload(
    @Query() query: CaseloadQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    // A scope the caller may not see is refused before any work, also before a report as of a past date is built.
    reportFilters(query, principal, new Date());
    const report = await this.readModels.report(query, (tables, now) =>
      caseloadReport(this.readModels.sql, tables, reportFilters(query, principal, now), now, query.groupBy),
    );
    return respond(request, response, report);
  }
}
