import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
