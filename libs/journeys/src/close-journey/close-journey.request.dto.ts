import { OccurredAt } from '../http/occurred-at';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
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

  @OccurredAt(
    'When the journey closed (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    '2025-04-01T13:00:00Z',
  )
  occurredAt?: string;
}
