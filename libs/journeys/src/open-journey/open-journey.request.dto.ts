import { OccurredAt } from '../http/occurred-at';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** Body of the request that opens a journey; the participant comes from the path. */
export class OpenJourneyRequestDto {
  @ApiProperty({
    description: 'New id for the journey, chosen by the client so that a retried request opens nothing twice (UUID v4)',
    format: 'uuid',
    example: '1e93b1ec-114a-41bd-b831-dca847926fdd',
  })
  @IsUUID('4')
  journeyId!: string;

  @ApiPropertyOptional({
    description: 'The organisation that owns the journey; defaults to, and must be, the caller’s own organisation',
    format: 'uuid',
    example: '487320df-0015-4c42-958b-2f292ec6f17d',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @OccurredAt(
    'When the journey opened (ISO 8601 date-time with offset); defaults to now. Never in the future, never before registration.',
    '2025-01-14T09:00:00Z',
  )
  occurredAt?: string;
}
