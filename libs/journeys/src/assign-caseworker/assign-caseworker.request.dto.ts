import { OccurredAt } from '../http/occurred-at';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

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

  @OccurredAt(
    'When the caseworker was assigned (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    '2025-01-14T10:00:00Z',
  )
  occurredAt?: string;
}
