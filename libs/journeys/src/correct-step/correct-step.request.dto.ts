import { OccurredAt } from '../http/occurred-at';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { CORRECTION_REASON_MAX_LENGTH } from './correct-step';

/** Body of the request that corrects a wrongly recorded step; participant and journey come from the path. */
export class CorrectStepRequestDto {
  @ApiProperty({
    description:
      'The id of the step event to correct: the `stepEventId` in the answer of the command that recorded the step (assign a caseworker, enrol in a track, end an enrolment, plan, start, complete or interrupt an intervention, record a labour-market status), or the `eventId` of that step in `GET /api/v1/participants/{participantId}/journeys/{journeyId}/timeline`. The step stays in the history, marked as corrected.',
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

  @OccurredAt(
    'When the correction was made (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    '2025-05-02T09:00:00Z',
  )
  occurredAt?: string;
}
