import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsRFC3339 } from 'class-validator';
import { CLOSING_REASONS } from '../vocabulary';
import type { ClosingReason } from '../vocabulary';

/** Body of the request that closes a journey; participant and journey come from the path. */
export class CloseJourneyRequestDto {
  @ApiProperty({
    description:
      'Why the journey closed. Only registration_error and deceased close it while a track enrolment is active or an intervention is started.',
    enum: CLOSING_REASONS,
    example: 'work',
  })
  @IsIn(CLOSING_REASONS)
  reason!: ClosingReason;

  @ApiPropertyOptional({
    description:
      'When the journey closed (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    format: 'date-time',
    example: '2025-04-01T13:00:00Z',
  })
  @IsOptional()
  // Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is unambiguous.
  @IsISO8601({ strict: true })
  @IsRFC3339()
  occurredAt?: string;
}
