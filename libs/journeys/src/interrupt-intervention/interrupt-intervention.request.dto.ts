import { OccurredAt } from '../http/occurred-at';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { INTERRUPTION_REASONS } from './interrupt-intervention';
import type { InterruptionReason } from './interrupt-intervention';

/** Body of the request that interrupts a started intervention; participant, journey and intervention come from the path. */
export class InterruptInterventionRequestDto {
  @ApiProperty({ description: 'Why the intervention ended early', enum: INTERRUPTION_REASONS, example: 'illness' })
  @IsIn(INTERRUPTION_REASONS)
  reason!: InterruptionReason;

  @OccurredAt(
    'When the intervention was interrupted (ISO 8601 date-time with offset); defaults to now. Never in the future, never before it started.',
  )
  occurredAt?: string;
}
