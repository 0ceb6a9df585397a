import { EventToAppend, isUuid } from '@samspar/kernel';
import {
  BatchTooLargeError,
  DuplicateEventIdError,
  EventTooLargeError,
  InvalidEventError,
  InvalidStreamNameError,
  NotSerialisableError,
} from './event-store.errors';
import { ExpectedRevision } from './event-store.port';

export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_BATCH_BYTES = 10 * 1024 * 1024;
const STREAM_ID = /^[a-z][a-z0-9_]{0,63}-[A-Za-z0-9_-]{1,190}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]{0,127}$/;

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) throw new InvalidStreamNameError(String(streamId));
}

export function categoryOf(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

const MAX_FAST_DEPTH = 64;

/** The common case, without building paths: true when the value round-trips through JSON. */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_FAST_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** JSON.stringify silently drops or rewrites these; an event must round-trip exactly. */
function assertJson(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new NotSerialisableError(path, `${value} has no JSON form`);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new NotSerialisableError(path, 'it refers to itself');
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((item, i) => assertJson(item, `${path}[${i}]`, seen));
      } else {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) {
          throw new NotSerialisableError(path, `${value.constructor?.name ?? 'this object'} is not a plain object`);
        }
        for (const [key, item] of Object.entries(value)) assertJson(item, `${path}.${key}`, seen);
      }
      seen.delete(value);
      return;
    }
    default:
      throw new NotSerialisableError(path, `a ${typeof value} has no JSON form`);
  }
}

export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly dataJson: string;
  readonly metadataJson: string;
  /** `{"id":…,"type":…,"data":…,"metadata":…}`, ready to send. */
  readonly json: string;
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidEventError(
    'invalid-expected-revision',
    `expectedRevision must be 'any', 'no_stream', 'exists' or a revision >= 0, not ${String(expected)}`,
    'expectedRevision',
  );
}

/** Checks an append before anything is sent, so that bad input writes nothing. */
export function prepareAppend(streamId: string, events: readonly EventToAppend[], expected: unknown): PreparedEvent[] {
  assertStreamId(streamId);
  assertExpectedRevision(expected);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('empty-append', 'An append needs at least one event', 'events');
  }
  const ids = new Set<string>();
  let total = 0;
  return events.map((event, i) => {
    const at = `events[${i}]`;
    if (!isUuid(event.id)) throw new InvalidEventError('invalid-event-id', `${at}.id must be a UUID`, `${at}.id`);
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new DuplicateEventIdError(`${at}.id`, id);
    ids.add(id);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError('invalid-event-type', `${at}.type must be a name of letters, digits, _ or .`, `${at}.type`);
    }
    if (event.data === undefined) throw new NotSerialisableError(`${at}.data`, 'it is undefined');
    if (!isPlainJson(event.data, 0)) assertJson(event.data, `${at}.data`, new Set());
    const metadata = event.metadata as unknown;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new InvalidEventError('invalid-metadata', `${at}.metadata must be an object`, `${at}.metadata`);
    }
    if (!isPlainJson(metadata, 0)) assertJson(metadata, `${at}.metadata`, new Set());
    const dataJson = JSON.stringify(event.data);
    const metadataJson = JSON.stringify(metadata);
    const json = `{"id":"${id}","type":${JSON.stringify(event.type)},"data":${dataJson},"metadata":${metadataJson}}`;
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(at, bytes, MAX_EVENT_BYTES);
    total += bytes;
    if (total > MAX_BATCH_BYTES) throw new BatchTooLargeError(total, MAX_BATCH_BYTES);
    return { id, type: event.type, data: event.data, metadata, dataJson, metadataJson, json };
  });
}
