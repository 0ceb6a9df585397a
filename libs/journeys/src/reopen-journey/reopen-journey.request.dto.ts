import { OccurredAt } from '../http/occurred-at';

/** Body of the request that re-opens a closed journey; participant and journey come from the path. */
export class ReopenJourneyRequestDto {
  @OccurredAt(
    'When the journey re-opened (ISO 8601 date-time with offset); defaults to now. Never in the future, never before it closed.',
    '2025-05-02T09:00:00Z',
  )
  occurredAt?: string;
}
