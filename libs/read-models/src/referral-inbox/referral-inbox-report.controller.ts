import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiReportResponses } from '@samspar/platform';
import { AccessRule, CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import type { Report } from '../reporting/report';
import { ReportQueryDto } from '../reporting/report-query.dto';
import { ReadModels } from '../runner/read-models.service';
import { referralInboxReport, referralOutboxReport } from './referral-inbox.query';
import { REFERRAL_INBOX_COLUMN_METADATA, REFERRAL_OUTBOX_COLUMN_METADATA } from './referral-inbox.columns';
import { columnDocs } from '../reporting/columns';

/** Inboxes and outboxes as figures, for managers: no referral and no person is named. */
@ApiTags('reports')
@Roles('manager', 'evaluator')
@AccessRule('organisation-report')
@Controller('api/v1/reports')
export class ReferralInboxReportController {
  constructor(private readonly readModels: ReadModels) {}

  @Get('referral-inbox')
  @ApiOperation({
    operationId: 'getReferralInboxReport',
    summary: 'Unanswered referrals per receiving organisation now: overdue, median age and age bands',
    description: 'The period is not used: an inbox is a state. Cells behind fewer than 5 participants are `suppressed`.',
  })
  @ApiReportResponses({ columns: columnDocs(REFERRAL_INBOX_COLUMN_METADATA) })
  async inbox(
    @Query() query: ReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, referralInboxReport);
  }

  @Get('referral-outbox')
  @ApiOperation({
    operationId: 'getReferralOutboxReport',
    summary: 'Referrals sent in the period per sending organisation, by the state they are in now',
    description: 'Cells behind fewer than 5 participants are `suppressed`.',
  })
  @ApiReportResponses({ columns: columnDocs(REFERRAL_OUTBOX_COLUMN_METADATA) })
  async outbox(
    @Query() query: ReportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, referralOutboxReport);
  }
}
