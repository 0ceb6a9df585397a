import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsRFC3339 } from 'class-validator';
import { INTERRUPTION_REASONS } from './interrupt-intervention';
import type { InterruptionReason } from './interrupt-intervention';

/** Body of the request that interrupts a started intervention; participant, journey and intervention come from the path. */
export class InterruptInterventionRequestDto {
  @ApiProperty({ description: 'Why the intervention ended early', enum: INTERRUPTION_REASONS, example: 'illness' })
  @IsIn(INTERRUPTION_REASONS)
  reason!: InterruptionReason;

  @ApiPropertyOptional({
    description:
      'When the intervention was interrupted (ISO 8601 date-time with offset); defaults to now. Never in the future, never before it started.',
    format: 'date-time',
    example: '2025-03-28T15:00:00Z',
  })
  @IsOptional()
  // Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is unambiguous.
  @IsISO8601({ strict: true })
  @IsRFC3339()
  occurredAt?: string;
}
