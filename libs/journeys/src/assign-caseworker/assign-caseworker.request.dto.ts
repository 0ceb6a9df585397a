import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsRFC3339, IsString, IsUUID, Length } from 'class-validator';

/** Body of the request that assigns a caseworker; participant and journey come from the path. */
export class AssignCaseworkerRequestDto {
  @ApiProperty({ description: 'The caseworker’s user id', minLength: 1, maxLength: 200, example: 'caseworker-1' })
  @IsString()
  @Length(1, 200)
  caseworkerId!: string;

  @ApiPropertyOptional({
    description: 'A unit of the journey’s organisation',
    format: 'uuid',
    example: '6ff61d8e-36ce-41c6-8c94-41cf5129f814',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    description:
      'When the caseworker was assigned (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    format: 'date-time',
    example: '2025-01-14T10:00:00Z',
  })
  @IsOptional()
  // Strict ISO 8601 rejects impossible dates; RFC 3339 requires a time and an offset, so the instant is unambiguous.
  @IsISO8601({ strict: true })
  @IsRFC3339()
  occurredAt?: string;
}
