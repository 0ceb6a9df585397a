import { ExecutionContext, HttpStatus, createParamDecorator } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { ExpectedRevision } from '@samspar/event-store';
import { ProblemException } from '../http/problem-details.filter';

export const IF_MATCH_HEADER = 'If-Match';

// One entity tag: a quoted revision, weak or strong. A list of tags cannot be one expected revision.
const REVISION_TAG = /^(?:W\/)?"(0|[1-9][0-9]{0,15})"$/;

/**
 * `If-Match` as the event store's expected revision: `"3"` (or `W/"3"`) is revision 3, and `*` is
 * `exists`, as RFC 9110 says `*` fails when there is no current representation. Undefined when the
 * header is absent. A stale revision later fails the append with a ConcurrencyError, that is 412.
 */
export function parseIfMatch(header: string | readonly string[] | undefined): ExpectedRevision | undefined {
  if (header === undefined) return undefined;
  const text = typeof header === 'string' ? header.trim() : undefined;
  if (text === '*') return 'exists';
  const match = text === undefined ? null : REVISION_TAG.exec(text);
  const revision = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(revision)) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'invalid-if-match',
      `The ${IF_MATCH_HEADER} header must be one quoted revision taken from an ETag, such as "3", or *.`,
      IF_MATCH_HEADER,
    );
  }
  return revision;
}

/** A route parameter: the `If-Match` header as an ExpectedRevision, or undefined when absent. */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ExpectedRevision | undefined =>
    parseIfMatch(
      context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['if-match'],
    ),
  [
    (target, key) => {
      if (key === undefined) return;
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      ApiHeader({
        name: IF_MATCH_HEADER,
        required: false,
        description:
          'The ETag of the resource as last read, such as "3": the command is refused with 412 if it has changed since.',
      })(target, key, descriptor!);
    },
  ],
);
