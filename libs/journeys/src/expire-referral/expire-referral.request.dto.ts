import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, IsUUID } from 'class-validator';

/** For the system's own sweep (and an admin running it by hand); caseworkers withdraw instead. */
export class ExpireReferralRequestDto {
  @ApiProperty({ description: 'A referral past its deadline without an answer', format: 'uuid' })
  @IsUUID('4')
  referralId!: string;

  @ApiProperty({
    required: false,
    format: 'date-time',
    description: 'When it expired, no earlier than the deadline; defaults to now',
  })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
