import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsRFC3339 } from 'class-validator';

/** Body of the request that re-opens a closed journey; participant and journey come from the path. */
export class ReopenJourneyRequestDto {
  @ApiPropertyOptional({
    description:
      'When the journey re-opened (ISO 8601 date-time with offset); defaults to now. Never in the future, never before it closed.',
    format: 'date-time',
    example: '2025-05-02T09:00:00Z',
  })
  @IsOptional()
  // Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is unambiguous.
  @IsISO8601({ strict: true })
  @IsRFC3339()
  occurredAt?: string;
}
