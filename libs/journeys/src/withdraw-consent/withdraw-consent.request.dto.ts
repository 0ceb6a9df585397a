import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsRFC3339 } from 'class-validator';

/** The participant and the consent come from the path. */
export class WithdrawConsentRequestDto {
  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
