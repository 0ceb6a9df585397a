import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';

export const COMMAND_ROUTE = Symbol('COMMAND_ROUTE');

/**
 * Marks a route as a command: it honours `Idempotency-Key`, and a `CommandResult` it returns sets
 * `ETag` and `X-Global-Position`. Reads stay unmarked, so nothing here touches them.
 */
export function Command(): MethodDecorator {
  return applyDecorators(
    SetMetadata(COMMAND_ROUTE, true),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        `Optional, recommended: a unique value per intended change (a UUID), at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters. ` +
        'A retry with the same key and body gets the first 2xx response again, with Idempotent-Replayed: true, and changes nothing. ' +
        'The same key with another body is refused with 422; a retry while the first is still running gets 409 with Retry-After. ' +
        'Keys are kept per caller and route for at least 24 hours.',
    }),
  );
}
