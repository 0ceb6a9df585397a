import { OccurredAt } from '../http/occurred-at';

/** Body of the request that completes a started intervention; participant, journey and intervention come from the path. */
export class CompleteInterventionRequestDto {
  @OccurredAt(
    'When the intervention was completed (ISO 8601 date-time with offset); defaults to now. Never in the future, never before it started.',
  )
  occurredAt?: string;
}
