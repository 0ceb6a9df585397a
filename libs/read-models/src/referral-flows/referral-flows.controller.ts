import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiReportResponses } from '@samspar/platform';
import { AccessRule, CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import type { Report } from '../reporting/report';
import { ReportQueryDto } from '../reporting/report-query.dto';
import { ReadModels } from '../runner/read-models.service';
import { referralFlowsReport, referralsReceivedReport } from './referral-flows.query';
import { REFERRALS_RECEIVED_COLUMN_METADATA, REFERRAL_FLOWS_COLUMN_METADATA } from './referral-flows.columns';
import { columnDocs } from '../reporting/columns';

@ApiTags('reports')
@Roles('manager', 'evaluator')
@AccessRule('organisation-report')
@Controller('api/v1/reports/referrals')
export class ReferralFlowsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({
    operationId: 'getReferralsReceivedReport',
    summary: 'Referrals received in the period per receiving organisation: answers, days to answer, waiting time',
    description:
      'Shares are of the referrals received, from the published counts. Counts are adjusted by at most ±2 (cell key method) so that no answer, or difference of answers, gives a person away; a cell under 5 is "suppressed".',
  })
  @ApiReportResponses({ columns: columnDocs(REFERRALS_RECEIVED_COLUMN_METADATA) })
  async received(
    @Query() query: ReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, referralsReceivedReport);
  }

  @Get('flows')
  @ApiOperation({
    operationId: 'getReferralFlowsReport',
    summary: 'Referrals sent in the period, kind → kind and organisation → organisation, for a Sankey diagram',
    description:
      'A referral counts when its sender or its receiver is one of your organisations. Counts are adjusted by at most ±2 (cell key method) so that no answer, or difference of answers, gives a person away; a cell under 5 is "suppressed".',
  })
  @ApiReportResponses({ columns: columnDocs(REFERRAL_FLOWS_COLUMN_METADATA) })
  async flows(
    @Query() query: ReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, referralFlowsReport);
  }
}
