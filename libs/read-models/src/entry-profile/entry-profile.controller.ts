import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiReportResponses } from '@samspar/platform';
import { AccessRule, CurrentPrincipal, Roles } from '@samspar/access';
import type { Principal } from '@samspar/access';
import type { Report } from '../reporting/report';
import { ReportQueryDto } from '../reporting/report-query.dto';
import { ReadModels } from '../runner/read-models.service';
import { entryProfileReport } from './entry-profile.query';
import { ENTRY_PROFILE_COLUMN_METADATA } from './entry-profile.columns';
import { columnDocs } from '../reporting/columns';

@ApiTags('reports')
@Roles('manager', 'evaluator')
@AccessRule('organisation-report')
@Controller('api/v1/reports/entry-profile')
export class EntryProfileController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ApiReportResponses({ columns: columnDocs(ENTRY_PROFILE_COLUMN_METADATA) })
  @ApiOperation({
    operationId: 'getEntryProfileReport',
    summary: 'Entry profile (ESF+ output indicators) of the participants who started a track in the period',
    description:
      'Rows (dimension, value, count): labour-market status at entry, gender, age band, education band, newly arrived. Long-term unemployment is not_available: no event carries the length of unemployment. Counts are adjusted by at most ±2 (cell key method) so that no answer, or difference of answers, gives a person away; a cell under 5 is "suppressed".',
  })
  async entryProfile(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ReportQueryDto,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Report | string> {
    return this.readModels.answer(query, principal, request, response, entryProfileReport);
  }
}
