import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, IsUUID } from 'class-validator';

export class WithdrawConsentRequestDto {
  @ApiProperty({ description: 'The consent the participant takes back', format: 'uuid' })
  @IsUUID('4')
  consentId!: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
