import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportQueryDto } from '../reporting/report-query.dto';
import { CASELOAD_GROUPS } from './caseload.query';
import type { CaseloadGroup } from './caseload.query';

export class CaseloadQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    enum: CASELOAD_GROUPS,
    default: 'organisation',
    description: 'One row per organisation, unit or caseworker',
  })
  @IsOptional()
  @IsIn(CASELOAD_GROUPS)
  groupBy?: CaseloadGroup;
}
