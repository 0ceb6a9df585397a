import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, IsUUID } from 'class-validator';

export class AcceptReferralRequestDto {
  @ApiProperty({ description: 'The referral your organisation received', format: 'uuid' })
  @IsUUID('4')
  referralId!: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
