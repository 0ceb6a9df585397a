import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiReportResponses } from '@samspar/platform';
import { AccessRule, CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import type { Report } from '../reporting/report';
import { ReadModels } from '../runner/read-models.service';
import { caseloadReport } from './caseload.query';
import { CaseloadQueryDto } from './caseload.request.dto';
import { CASELOAD_COLUMN_METADATA } from './caseload.columns';
import { columnDocs } from '../reporting/columns';

@ApiTags('reports')
@Roles('manager')
@AccessRule('organisation-report')
@Controller('api/v1/reports/caseload')
export class CaseloadController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({
    operationId: 'getCaseloadReport',
    summary: 'Caseload now: open, idle and active work and follow-ups due, per organisation, unit or caseworker',
    description:
      'Counts only; a cell behind fewer than 5 participants is `suppressed`. The period is not used: the figures are as of now.',
  })
  @ApiReportResponses({ columns: columnDocs(CASELOAD_COLUMN_METADATA) })
  async caseload(
    @Query() query: CaseloadQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, (sql, tables, filters, now) =>
      caseloadReport(sql, tables, filters, now, query.groupBy),
    );
  }
}
