import { randomUUID } from 'node:crypto';
import type { Actor, RecordedEvent } from '@samspar/kernel';
import { ParticipantEvent, participantStreamName } from '@samspar/journeys';

/** Builds a participant's stream as the store returns it: revisions in log order, each with both timestamps. */
export function streamOf(participantId: string) {
  const events: RecordedEvent[] = [];
  return {
    events,
    /** Appends an event that happened at `occurredAt` and was recorded at `recordedAt` (default: the same). */
    record(
      event: ParticipantEvent,
      occurredAt: string,
      recordedAt: string = occurredAt,
      options: { id?: string; actor?: Actor } = {},
    ): RecordedEvent {
      const revision = events.length;
      const recorded: RecordedEvent = {
        id: options.id ?? randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt,
          schemaVersion: 1,
          ...(options.actor === undefined ? {} : { actor: options.actor }),
        },
        streamId: participantStreamName(participantId),
        revision,
        globalPosition: `1:${revision + 1}`,
        recordedAt,
      };
      events.push(recorded);
      return recorded;
    },
  };
}
