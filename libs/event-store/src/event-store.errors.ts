import { IllegalStateError, ValidationError } from '@samspar/kernel';

export class InvalidStreamNameError extends ValidationError {
  constructor(streamId: string) {
    super(
      'invalid-stream-name',
      `Stream id ${JSON.stringify(streamId.slice(0, 80))} must look like category-id: a lower-case category, a dash and an id of letters, digits, _ or -`,
      'streamId',
    );
  }
}

export class NotSerialisableError extends ValidationError {
  constructor(field: string, reason: string) {
    super('not-json-serialisable', `${field} is not JSON-serialisable: ${reason}`, field);
  }
}

export class EventTooLargeError extends ValidationError {
  constructor(field: string, bytes: number, limit: number) {
    super('event-too-large', `${field} is ${bytes} bytes; an event may be at most ${limit} bytes`, field);
  }
}

export class BatchTooLargeError extends ValidationError {
  constructor(bytes: number, limit: number) {
    super('batch-too-large', `The batch is ${bytes} bytes; one append may be at most ${limit} bytes`, 'events');
  }
}

export class DuplicateEventIdError extends ValidationError {
  constructor(field: string, id: string) {
    super('duplicate-event-id', `Event id ${id} appears more than once in the batch`, field);
  }
}

export class InvalidEventError extends ValidationError {}

/** Some, but not all, of the ids were stored before, or were stored in another stream. */
export class EventIdReusedError extends IllegalStateError {
  constructor(streamId: string) {
    super('event-id-reused', `Some event ids in this append to ${streamId} were already used by other events`);
  }
}
