import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsOptional,
  IsRFC3339,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PURPOSE_MAX_LENGTH, PURPOSE_PATTERN } from './record-consent';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class RecordConsentRequestDto {
  @ApiProperty({ description: 'Chosen by the client, so that a retried request records the consent once', format: 'uuid' })
  @IsUUID('4')
  consentId!: string;

  @ApiProperty({
    description: 'The organisations that may share information about the participant',
    type: [String],
    format: 'uuid',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organisationIds!: string[];

  @ApiProperty({
    description: 'A code or short title for the purpose; never personal data',
    minLength: 1,
    maxLength: PURPOSE_MAX_LENGTH,
    example: 'dua_samverkan',
  })
  @IsString()
  @Length(1, PURPOSE_MAX_LENGTH)
  @Matches(PURPOSE_PATTERN, { message: 'purpose may hold letters, digits, spaces and _ . : / ( ) - only' })
  purpose!: string;

  @ApiProperty({ description: 'First day the consent covers', format: 'date', example: '2026-02-02' })
  @Matches(DAY, { message: 'validFrom must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validFrom!: string;

  @ApiProperty({ required: false, description: 'Last day the consent covers; open-ended when absent', format: 'date' })
  @IsOptional()
  @Matches(DAY, { message: 'validUntil must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validUntil?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'When it happened; defaults to now, never in the future' })
  @IsOptional()
  @IsRFC3339()
  occurredAt?: string;
}
