import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsRFC3339 } from 'class-validator';
import { DECLINE_REASONS, type DeclineReason } from '../vocabulary';

/** The referral comes from the path. */
export class DeclineReferralRequestDto {
  @ApiProperty({ enum: DECLINE_REASONS, description: 'Reported to the sender and in the statistics' })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
