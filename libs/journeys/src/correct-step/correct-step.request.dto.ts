import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsRFC3339, IsString, IsUUID, Length } from 'class-validator';
import { CORRECTION_REASON_MAX_LENGTH } from './correct-step';

/** Body of the request that corrects a wrongly recorded step; participant and journey come from the path. */
export class CorrectStepRequestDto {
  @ApiProperty({
    description: 'The id of the step event to correct; it stays in the history, marked as corrected',
    format: 'uuid',
    example: 'c1a5e0b4-5d0e-4f3b-9a51-0d6f2b7e8a05',
  })
  @IsUUID()
  stepEventId!: string;

  @ApiProperty({
    description:
      'Why the step was wrong. Evaluators read it: it must not contain names, personnummer or any other personal data.',
    minLength: 1,
    maxLength: CORRECTION_REASON_MAX_LENGTH,
    example: 'Insatsen registrerades två gånger',
  })
  @IsString()
  @Length(1, CORRECTION_REASON_MAX_LENGTH)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'When the correction was made (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    format: 'date-time',
    example: '2025-05-02T09:00:00Z',
  })
  @IsOptional()
  // Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is unambiguous.
  @IsISO8601({ strict: true })
  @IsRFC3339()
  occurredAt?: string;
}
