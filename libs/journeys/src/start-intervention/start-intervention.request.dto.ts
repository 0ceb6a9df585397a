import { OccurredAt } from '../http/occurred-at';

/** Body of the request that starts a planned intervention; participant, journey and intervention come from the path. */
export class StartInterventionRequestDto {
  @OccurredAt(
    'When the intervention started (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the journey opened.',
    '2025-02-03T08:00:00Z',
  )
  occurredAt?: string;
}
