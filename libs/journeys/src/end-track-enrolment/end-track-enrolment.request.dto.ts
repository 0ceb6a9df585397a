import { OccurredAt } from '../http/occurred-at';

/** Body of the request that ends a track enrolment; participant, journey and enrolment come from the path. */
export class EndTrackEnrolmentRequestDto {
  @OccurredAt(
    'When the enrolment ended (ISO 8601 date-time with offset); defaults to now. Never in the future, never before the enrolment started.',
  )
  occurredAt?: string;
}
