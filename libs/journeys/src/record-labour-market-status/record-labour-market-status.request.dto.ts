import { OccurredAt } from '../http/occurred-at';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { dayInSweden } from '@samspar/kernel';
import { INCOME_SOURCES, LABOUR_MARKET_STATUSES, STATUS_MOMENTS } from '../vocabulary';
import type { IncomeSource, LabourMarketStatus, StatusMoment } from '../vocabulary';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day not after the status's own day (`occurredAt`, or today in Sweden when it is left out), so never in the
 * future either. An unparsable `occurredAt` is its own field's error, so the day is then only held against today.
 */
const NotAfterStatusDay = () =>
  ValidateBy({
    name: 'notAfterStatusDay',
    validator: {
      validate(value: unknown, { object }: ValidationArguments): boolean {
        if (typeof value !== 'string') return false;
        const occurredAt = (object as { occurredAt?: unknown }).occurredAt;
        const today = dayInSweden(Date.now());
        const statusDay =
          typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt)) ? dayInSweden(occurredAt) : today;
        return value <= statusDay && value <= today;
      },
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must not be after the day the status holds (occurredAt, or today), nor in the future`,
    },
  });

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

  @ApiPropertyOptional({
    description:
      'At entry, for a participant who is job_seeking or in a labour_market_programme: the first day (YYYY-MM-DD) of the continuous unemployment. Never after the day the status holds, never in the future. The entry profile counts ESF+ long-term unemployment from it (more than 12 months, more than 6 under age 25).',
    format: 'date',
    example: '2024-02-01',
  })
  @IsOptional()
  @Matches(DAY, { message: 'unemployedSince must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @NotAfterStatusDay()
  unemployedSince?: string;

  @OccurredAt(
    'When the status held (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened; a follow-up never before the exit.',
    '2025-04-01T12:00:00Z',
  )
  occurredAt?: string;
}
