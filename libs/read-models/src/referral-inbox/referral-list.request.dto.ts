import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { REFERRAL_STATES } from './referral-inbox.query';

const POSITION = /^\d{1,20}:\d{1,20}$/;

/** Read-your-writes for a caseworker's list: the position a command returned. */
export class ReferralListQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read model has applied this global position', example: '1234:1' })
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

export class OutboxQueryDto extends ReferralListQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATES, description: 'Only referrals in this state' })
  @IsOptional()
  @IsIn(REFERRAL_STATES)
  status?: (typeof REFERRAL_STATES)[number];

  @ApiPropertyOptional({ description: 'At most this many, newest first (default 200)', maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
