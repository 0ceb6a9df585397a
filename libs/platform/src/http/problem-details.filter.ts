import { IncomingMessage, STATUS_CODES, ServerResponse } from 'node:http';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@samspar/kernel';
import { FieldError, RequestValidationException } from './request-validation';

export const PROBLEM_TYPE_BASE = 'https://samspar.se/problems/';

/** RFC 9457 problem details, with `errors` for validation problems. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
}

const DOMAIN_PROBLEMS: Record<DomainError['kind'], { status: number; title: string }> = {
  validation: { status: HttpStatus.BAD_REQUEST, title: 'The input breaks a rule' },
  illegal_state: { status: HttpStatus.CONFLICT, title: 'Not possible in the current state' },
  not_found: { status: HttpStatus.NOT_FOUND, title: 'Not found' },
  concurrency: { status: HttpStatus.PRECONDITION_FAILED, title: 'Changed by someone else meanwhile' },
  forbidden: { status: HttpStatus.FORBIDDEN, title: 'Forbidden' },
};

type Problem = Omit<ProblemDetails, 'instance' | 'requestId'>;

/**
 * A refusal at the HTTP edge that has its own problem type, for rules about the request itself
 * (a header such as Idempotency-Key or If-Match) rather than about the domain.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly rule: string,
    detail: string,
    /** The header or field to blame, when there is one. */
    readonly field?: string,
  ) {
    super(detail, status);
  }
}

/** Every error leaves the API as application/problem+json; nothing else may write an error body. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage & { originalUrl?: string; id?: unknown; params?: Record<string, unknown> }>();
    const response = http.getResponse<ServerResponse>();
    const problem = withPathErrors(toProblem(exception), exception, request);
    if (problem.type === DATABASE_UNAVAILABLE_TYPE) {
      // Expected while the database restarts: one short line per request, not a stack each.
      this.logger.warn({ reason: describeConnectionError(exception) }, 'The database is unavailable; answered 503');
    } else if (problem.status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({ err: exception }, 'Unhandled error while serving a request');
    }
    if (response.headersSent) {
      // A stream that failed midway can only be cut off; its status line is gone.
      response.end();
      return;
    }
    const body: ProblemDetails = {
      ...problem,
      // The path only: a query string may carry personal data.
      instance: (request.originalUrl ?? request.url ?? '').split('?')[0]!,
      ...(typeof request.id === 'string' ? { requestId: request.id } : {}),
    };
    const json = JSON.stringify(body);
    response.statusCode = problem.status;
    // Unavailable is temporary (a read model catching up, the database restarting): say when to ask again.
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE && !response.hasHeader('Retry-After'))
      response.setHeader('Retry-After', '1');
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(json));
    response.end(json);
  }
}

// What ParseUUIDPipe says of a path parameter that is not a UUID; it does not say which.
const PATH_UUID_FAILED = /^Validation failed \(uuid(?: v\d)? is expected\)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID gets `errors[]` naming it, like every other 400. */
function withPathErrors(given: Problem, exception: unknown, request: { params?: Record<string, unknown> }): Problem {
  if (!(exception instanceof BadRequestException) || !PATH_UUID_FAILED.test(exception.message)) return given;
  const errors = Object.entries(request.params ?? {})
    .filter(([, value]) => typeof value !== 'string' || !UUID.test(value))
    .map(([field]) => ({ field, rule: 'is-uuid', message: `${field} must be a UUID` }));
  return {
    ...problem('invalid-request', 'The request is not valid', HttpStatus.BAD_REQUEST, 'A path parameter is not a UUID'),
    errors,
  };
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof RequestValidationException) {
    return {
      ...problem('invalid-request', 'The request is not valid', HttpStatus.BAD_REQUEST, exception.message),
      errors: exception.errors,
    };
  }
  if (exception instanceof DomainError) {
    const { status, title } = DOMAIN_PROBLEMS[exception.kind];
    return {
      ...problem(exception.rule, title, status, exception.message),
      ...(exception.field !== undefined
        ? { errors: [{ field: exception.field, rule: exception.rule, message: exception.message }] }
        : {}),
    };
  }
  if (exception instanceof ProblemException) {
    const status = exception.getStatus();
    const { rule, field, message } = exception;
    return {
      ...problem(rule, titleOf(status), status, message),
      ...(field !== undefined ? { errors: [{ field, rule, message }] } : {}),
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  // An http-errors error from Express middleware that Nest did not wrap, e.g. raised after routing.
  if (isClientHttpError(exception)) {
    const status = exception.statusCode;
    return problem(ruleOf(status), titleOf(status), status, exception.expose ? exception.message : titleOf(status));
  }
  if (isDatabaseUnavailable(exception)) {
    return problem(
      'database-unavailable',
      'The database is unavailable',
      HttpStatus.SERVICE_UNAVAILABLE,
      'The database cannot be reached right now. Retry after Retry-After seconds, with the same Idempotency-Key: a command is recorded at most once.',
    );
  }
  return problem(
    'internal-error',
    'Internal server error',
    HttpStatus.INTERNAL_SERVER_ERROR,
    'Something went wrong on our side. It has been logged; quote the request id when you report it.',
  );
}

const DATABASE_UNAVAILABLE_TYPE = `${PROBLEM_TYPE_BASE}database-unavailable`;

/** Socket errors: the server is down, restarting or unreachable. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean the server went away or cannot take the connection now, never that the request
 * was wrong: admin, crash and startup shutdown (57P01-57P03), too many connections (53300), and every
 * connection exception (class 08).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and its pool say when a connection ends, times out or is no longer usable. */
const CONNECTION_ERROR_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Connection ended unexpectedly/i,
];

/**
 * The database (PostgreSQL) cannot be reached: a temporary state, answered 503 with Retry-After,
 * never 500. Looks through `cause` and AggregateError, as Node's connect and pg's pool wrap errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && CONNECTION_ERROR_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((each) => isDatabaseUnavailable(each, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}

/** A code or the first words of the message, for the log line: never a connection string. */
function describeConnectionError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ').slice(0, 120) : 'unknown';
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const cause = exception.cause as { type?: unknown; limit?: unknown } | undefined;
  // body-parser's error types: https://github.com/expressjs/body-parser#errors
  if (cause?.type === 'entity.parse.failed') {
    return problem('malformed-json', 'The body is not valid JSON', status, 'The request body could not be parsed as JSON.');
  }
  if (cause?.type === 'entity.too.large') {
    const limit = typeof cause.limit === 'number' ? ` of ${cause.limit} bytes` : '';
    return problem('payload-too-large', titleOf(status), status, `The request body is larger than the limit${limit}.`);
  }
  return problem(ruleOf(status), titleOf(status), status, messageOf(exception));
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

function problem(rule: string, title: string, status: number, detail: string): Problem {
  return { type: `${PROBLEM_TYPE_BASE}${rule}`, title, status, detail };
}

function titleOf(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

function ruleOf(status: number): string {
  const text = STATUS_CODES[status];
  return text
    ? text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
    : `http-${status}`;
}

function isClientHttpError(error: unknown): error is Error & { statusCode: number; expose: boolean } {
  if (!(error instanceof Error)) return false;
  const { statusCode, expose } = error as { statusCode?: unknown; expose?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof expose === 'boolean';
}
