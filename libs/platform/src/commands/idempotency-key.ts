import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem-details.filter';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * The key the client sent, or undefined when it sent none (the header is optional).
 * A key we could not store or log safely is refused with 400.
 */
export function idempotencyKeyOf(header: string | readonly string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = typeof header === 'string' ? header : undefined;
  if (key === undefined || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || hasControlCharacter(key)) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'invalid-idempotency-key',
      `The ${IDEMPOTENCY_KEY_HEADER} header must be sent once, with 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters and no control characters; a UUID is a good key.`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  return key;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Finds the signed-in user's id on a request; undefined for an anonymous caller. */
export type CallerOf = (request: object) => string | undefined;

/** The default: the principal an authentication guard put on `request.principal`. */
export const principalUserIdOf: CallerOf = (request) => {
  const userId = (request as { principal?: { userId?: unknown } }).principal?.userId;
  return typeof userId === 'string' && userId.length > 0 ? userId : undefined;
};

/**
 * Who the key belongs to: the signed-in user (or anonymous), the method and the route pattern.
 * Two users never share a key, and one key sent to two resources of the same route is a reuse.
 */
export function idempotencyScope(userId: string | undefined, method: string, routePath: string): string {
  const caller = userId === undefined ? 'anonymous' : `user:${userId}`;
  return `${caller} ${method.toUpperCase()} ${routePath}`;
}

/** Identifies the request a key was first used for: a different hash under the same key is a reuse. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method.toUpperCase(), path, canonicalJson(body)]))
    .digest('hex');
}

/** JSON with object keys sorted at every level, so that key order never makes two bodies differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return sortKeys(toJSON.call(value));
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortKeys(object[key])]),
  );
}
