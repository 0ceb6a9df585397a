import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  /** Path into the request body, such as `address.postcode` or `items[0].name`. */
  readonly field: string;
  /** Kebab-case name of the rule that failed, such as `is-uuid` or `max-length`. */
  readonly rule: string;
  readonly message: string;
}

/** Thrown by the global ValidationPipe; the problem-details filter turns it into a 400 with `errors`. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super(`The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`);
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids name streams and are compared as text, so a UUID written in capitals must mean the same thing. */
export function lowerCaseUuids(value: unknown): unknown {
  if (typeof value === 'string') return UUID_TEXT.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(lowerCaseUuids);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, lowerCaseUuids(item)]));
  }
  return value;
}

class SamsparValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return super.transform(metadata.type === 'custom' ? value : lowerCaseUuids(value), metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SamsparValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationException(flatten(errors)),
  });
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      rule: ruleName(constraint),
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function ruleName(constraint: string): string {
  // class-validator's name for "this property is not in the DTO" says nothing to a client.
  if (constraint === 'whitelistValidation') return 'unknown-field';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
