/**
 * Domain errors. Each maps to one RFC 9457 problem type at the HTTP edge;
 * nothing below the edge knows about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'illegal_state' | 'not_found' | 'concurrency' | 'forbidden';
  /** A stable, kebab-case rule name, used as the last segment of the problem `type`. */
  readonly rule: string;
  /** The offending field, as a JSON path into the input, when one field is to blame. */
  readonly field?: string;

  constructor(rule: string, message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.rule = rule;
    if (field !== undefined) this.field = field;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
}

export class IllegalStateError extends DomainError {
  readonly kind = 'illegal_state' as const;
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency' as const;
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super('revision-mismatch', `Stream ${streamId} was expected at revision ${expected} but is at ${actual}`);
  }
}
