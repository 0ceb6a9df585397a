import { Transform } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { lowerCased } from '@samspar/kernel';
import { EXPORT_FORMATS } from './export-stream';
import type { ExportFormat } from './export-stream';
import { ALL_EXPORT_EVENT_TYPES, EXPORT_CATEGORIES } from './pseudonymised-event';
import type { ExportCategory } from './pseudonymised-event';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Query of the evaluators' event log: a period by occurredAt, and filters. */
export class EvaluationEventsQueryDto {
  @ApiPropertyOptional({
    description: 'First day, inclusive (YYYY-MM-DD, UTC), by when the event happened',
    example: '2026-01-01',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Day after the period, exclusive (YYYY-MM-DD, UTC)', example: '2027-01-01' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: EXPORT_CATEGORIES, description: 'Only events of this stream category' })
  @IsOptional()
  @IsIn(EXPORT_CATEGORIES)
  category?: ExportCategory;

  @ApiPropertyOptional({ enum: ALL_EXPORT_EVENT_TYPES, description: 'Only events of this type' })
  @IsOptional()
  @IsIn(ALL_EXPORT_EVENT_TYPES)
  type?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only events this organisation recorded, or that name it (sender, receiver, provider, owner, employer, consent)',
  })
  @IsOptional()
  @Transform(lowerCased)
  @IsUUID('all')
  organisationId?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'ndjson' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
