import { OccurredAt } from '../http/occurred-at';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Body of the request that enrols the participant in a track; participant and journey come from the path. */
export class EnrolInTrackRequestDto {
  @ApiProperty({
    description: 'New id for the enrolment, chosen by the client so that a retried request enrols only once (UUID v4)',
    format: 'uuid',
    example: '00956676-1780-4471-960b-5f74a3c0e533',
  })
  @IsUUID('4')
  enrolmentId!: string;

  @ApiProperty({ description: 'A track of the catalogue', format: 'uuid', example: '9787ecf3-9514-421a-80f5-9962123f1bef' })
  @IsUUID()
  trackId!: string;

  @OccurredAt(
    'When the enrolment started (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened or the last enrolment ended.',
    '2025-01-20T08:00:00Z',
  )
  occurredAt?: string;
}
