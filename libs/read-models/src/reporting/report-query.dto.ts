import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBooleanString, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { Type, Transform } from 'class-transformer';
import { lowerCased } from '@samspar/kernel';
import { AGE_BANDS, DIMENSIONS } from './dimensions';
import type { AgeBand, Dimension } from './dimensions';

const GENDERS = ['kvinna', 'man', 'annat'] as const;
const EDUCATION_BANDS = ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'] as const;
const POSITION = /^\d{1,20}:\d{1,20}$/;

/** Query parameters every report takes: the period, filters, one breakdown, and read-your-writes. */
export class ReportQueryDto {
  @ApiPropertyOptional({
    description: 'Start of the period, inclusive (YYYY-MM-DD); default one year before `to`',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period, exclusive (YYYY-MM-DD); default tomorrow', example: '2027-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only this organisation (one of yours)', format: 'uuid' })
  @IsOptional()
  @Transform(lowerCased)
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: 'Only this unit', maxLength: 200 })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,200}$/, { message: 'unitId must be an id: letters, digits and _ . : -' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Only organisations in this municipality (kommunkod)', example: '1480' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'municipality must be a kommunkod of 4 digits' })
  municipality?: string;

  @ApiPropertyOptional({ description: 'Only this track', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trackId?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: (typeof GENDERS)[number];

  @ApiPropertyOptional({ enum: AGE_BANDS, description: 'ESF+ age band at the start of the track' })
  @IsOptional()
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsBooleanString()
  newlyArrived?: 'true' | 'false';

  @ApiPropertyOptional({ enum: EDUCATION_BANDS })
  @IsOptional()
  @IsIn(EDUCATION_BANDS)
  educationBand?: (typeof EDUCATION_BANDS)[number];

  @ApiPropertyOptional({ enum: DIMENSIONS, description: 'Adds a row per value of this dimension' })
  @IsOptional()
  @IsIn(DIMENSIONS)
  breakdown?: Dimension;

  @ApiPropertyOptional({
    description:
      'The report as it stood then: a date (the end of that day in Sweden) or an instant. Only events recorded and occurred by then count; built from the events by the same projections, so the figures for a past date never change.',
    example: '2026-06-30',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'asOf must be a date (YYYY-MM-DD) or an instant with an offset (ISO 8601)',
  })
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Wait until the read model has applied this global position (as a command returned it)',
    example: '1234:1',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition must be a global position, as a command response gives it (e.g. 1234:1)' })
  minPosition?: string;

  @ApiPropertyOptional({ description: 'How long to wait for minPosition, in ms (default 5000, at most 30000)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30_000)
  waitMs?: number;
}
