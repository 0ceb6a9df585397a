import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiReportResponses } from '@samspar/platform';
import { AccessRule, CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import type { Report } from '../reporting/report';
import { ReportQueryDto } from '../reporting/report-query.dto';
import { ReadModels } from '../runner/read-models.service';
import { outcomesReport, transitionsReport } from './outcomes.query';
import { OUTCOMES_COLUMN_METADATA, TRANSITIONS_COLUMN_METADATA } from './outcomes.columns';
import { columnDocs } from '../reporting/columns';

@ApiTags('reports')
@Roles('manager', 'evaluator')
@AccessRule('organisation-report')
@Controller('api/v1/reports/outcomes')
export class OutcomesController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ApiReportResponses({ columns: columnDocs(OUTCOMES_COLUMN_METADATA) })
  @ApiOperation({
    operationId: 'getOutcomesReport',
    summary: 'Outcomes per track: started, active, ended; work or studies at exit, immediately, at 90 days and 6 months',
    description:
      'One row per track (and breakdown value). The cohort is the enrolments that ended in [from, to), less registration errors. Counts are adjusted by at most ±2 (cell key method) so that no answer, or difference of answers, gives a person away; a cell under 5 is "suppressed". Rates come from the published counts; medians need 10 people and are whole days. CSV with Accept: text/csv.',
  })
  async outcomes(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ReportQueryDto,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, outcomesReport);
  }

  @Get('transitions')
  @ApiReportResponses({ columns: columnDocs(TRANSITIONS_COLUMN_METADATA) })
  @ApiOperation({
    operationId: 'getTransitionsReport',
    summary: 'Transition matrix (SUS): status at entry × status at exit, per track',
    description:
      'Every cell of the grid for each track of the cohort (enrolments that ended in [from, to)). Counts are adjusted by at most ±2 (cell key method) so that no answer, or difference of answers, gives a person away; a cell under 5 is left out.',
  })
  async transitions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ReportQueryDto,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, transitionsReport);
  }
}
