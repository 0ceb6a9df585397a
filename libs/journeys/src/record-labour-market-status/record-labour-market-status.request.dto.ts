import { OccurredAt } from '../http/occurred-at';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { INCOME_SOURCES, LABOUR_MARKET_STATUSES, STATUS_MOMENTS } from '../vocabulary';
import type { IncomeSource, LabourMarketStatus, StatusMoment } from '../vocabulary';

/** Body of the request that records a labour-market status; participant and journey come from the path. */
export class RecordLabourMarketStatusRequestDto {
  @ApiProperty({
    description: 'New id for the status record, chosen by the client so that a retried request records only once (UUID v4)',
    format: 'uuid',
    example: 'a5dd0dc4-8322-4d24-8f5c-c83d71e6242b',
  })
  @IsUUID('4')
  statusId!: string;

  @ApiProperty({
    description:
      'At entry, at exit, or at a follow-up after exit (1 month, 90 days, 6 months); follow-ups need an exit status first',
    enum: STATUS_MOMENTS,
    example: 'exit',
  })
  @IsIn(STATUS_MOMENTS)
  moment!: StatusMoment;

  @ApiProperty({ description: 'The participant’s labour-market status', enum: LABOUR_MARKET_STATUSES, example: 'employed' })
  @IsIn(LABOUR_MARKET_STATUSES)
  status!: LabourMarketStatus;

  @ApiProperty({
    description: "The participant's income sources, each once; 'none' stands alone",
    enum: INCOME_SOURCES,
    isArray: true,
    example: ['salary'],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(INCOME_SOURCES, { each: true })
  incomeSources!: IncomeSource[];

  @ApiPropertyOptional({
    description:
      'Whether the work is expected to last at least one continuous month. Required for employed, employed_subsidised and self_employed; not allowed for other statuses.',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  expectedToLastOneMonth?: boolean;

  @ApiPropertyOptional({
    description: 'The track enrolment of this journey the status is counted for',
    format: 'uuid',
    example: '00956676-1780-4471-960b-5f74a3c0e533',
  })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;

  @OccurredAt(
    'When the status held (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened; a follow-up never before the exit.',
    '2025-04-01T12:00:00Z',
  )
  occurredAt?: string;
}
