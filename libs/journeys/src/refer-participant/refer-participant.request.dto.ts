import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsRFC3339, IsUUID } from 'class-validator';
import { REFERRAL_REASONS, type ReferralReason } from './refer-participant';

/** The sender is the caseworker's organisation and the deadline comes from the receiver's entry in the catalogue. */
export class ReferParticipantRequestDto {
  @ApiProperty({ description: 'Chosen by the client, so that a retried request sends one referral', format: 'uuid' })
  @IsUUID('4')
  referralId!: string;

  @ApiProperty({ description: 'The receiving organisation; a valid consent must name it', format: 'uuid' })
  @IsUUID('all')
  toOrganisationId!: string;

  @ApiProperty({ enum: REFERRAL_REASONS })
  @IsIn(REFERRAL_REASONS)
  reason!: ReferralReason;

  @ApiProperty({ required: false, description: 'The open journey the referral belongs to', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  journeyId?: string;

  @ApiProperty({ required: false, description: 'A track from the catalogue that the sender suggests', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  suggestedTrackId?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
