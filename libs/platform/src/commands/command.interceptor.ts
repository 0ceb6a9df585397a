import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, defer, lastValueFrom, map } from 'rxjs';
import { ProblemException } from '../http/problem-details.filter';
import { setCommandAttempt } from './command-attempt';
import { COMMAND_ROUTE } from './command.decorator';
import { isCommandResult, setCommandHeaders } from './command-result';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, idempotencyScope, requestHash } from './idempotency-key';
import type { CallerOf } from './idempotency-key';
import { IdempotencyStore, REPLAYED_HEADERS, StoredResponse } from './idempotency.store';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** How CommandsModule learns who the caller is: a `CallerOf`. */
export const COMMAND_CALLER = Symbol('COMMAND_CALLER');

/** What the interceptor reads off Express's request, without depending on Express's types. */
interface CommandRequest extends IncomingMessage {
  readonly originalUrl?: string;
  readonly body?: unknown;
  readonly route?: { readonly path?: unknown };
}

type CommandResponse = ServerResponse & { status(code: number): unknown };

const IDEMPOTENCY_KEY_HEADER_LOWER = IDEMPOTENCY_KEY_HEADER.toLowerCase();

// A key freed by a failed first request between our insert and our read is claimed again, a few times.
const CLAIM_ATTEMPTS = 3;
// A command is answered within seconds; a key pending for longer belongs to a process that died.
const PENDING_LEASE_MS = 10_000;

/**
 * Runs each `@Command()` route at most once per Idempotency-Key, and turns a CommandResult into
 * `ETag` and `X-Global-Position`. Registered globally by CommandsModule; other routes pass through.
 */
@Injectable()
export class CommandInterceptor implements NestInterceptor {
  private readonly logger = new Logger(CommandInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyStore,
    // Guards run before interceptors, so the authentication guard has found the caller by now.
    @Inject(COMMAND_CALLER) private readonly callerOf: CallerOf,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean | undefined>(COMMAND_ROUTE, context.getHandler())) {
      return next.handle();
    }
    const http = context.switchToHttp();
    const request = http.getRequest<CommandRequest>();
    const response = http.getResponse<CommandResponse>();
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER_LOWER]);
    // Without a key there is nothing to complete, so the handler's own observable is enough.
    if (key === undefined) return next.handle().pipe(map((value) => withCommandHeaders(response, value)));
    // A promise, not an operator chain: a client that goes away must not stop the key being completed.
    return defer(() => this.run(request, response, key, next));
  }

  private async run(request: CommandRequest, response: CommandResponse, key: string, next: CallHandler): Promise<unknown> {
    const method = request.method ?? 'POST';
    const path = (request.originalUrl ?? request.url ?? '').split('?')[0]!;
    const scope = idempotencyScope(this.userIdOf(request), method, routePathOf(request, path));
    const hash = requestHash(method, path, request.body);

    // Events of this request get ids derived from its key, so that a retry can find what it stored.
    const seed = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (await this.keys.claim(scope, key, hash)) {
        setCommandAttempt(request, { seed, resumed: false });
        return this.runFirst(scope, key, response, next);
      }
      const record = await this.keys.find(scope, key);
      if (record === undefined) continue;
      if (record.requestHash !== hash) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'idempotency-key-reused',
          `This ${IDEMPOTENCY_KEY_HEADER} was used before for a different request; send a new key for a new request.`,
          IDEMPOTENCY_KEY_HEADER,
        );
      }
      if (record.state === 'done') return replay(response, record.response);
      // Pending past the lease: its process died. The retry goes on from what that one stored, if anything.
      if (await this.keys.takeOver(scope, key, hash, PENDING_LEASE_MS)) {
        setCommandAttempt(request, { seed, resumed: true });
        return this.runFirst(scope, key, response, next);
      }
      break;
    }
    response.setHeader('Retry-After', '1');
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'idempotency-key-in-progress',
      `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being handled; retry it with the same key after a second to get its response.`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }

  private async handle(response: CommandResponse, next: CallHandler): Promise<unknown> {
    return withCommandHeaders(response, await lastValueFrom(next.handle(), { defaultValue: undefined }));
  }

  /**
   * Only a 2xx answer is kept. A refusal (4xx) wrote no events, and may turn out otherwise once the
   * client has fixed its cause, e.g. re-read for a fresh If-Match, so the key is freed for a retry.
   */
  private async runFirst(scope: string, key: string, response: CommandResponse, next: CallHandler): Promise<unknown> {
    let value: unknown;
    try {
      value = await this.handle(response, next);
    } catch (error) {
      await this.release(scope, key);
      throw error;
    }
    // Nest sets the route's status before the interceptors run, and sends that status.
    const status = response.statusCode;
    if (status < 200 || status > 299) {
      await this.release(scope, key);
      return value;
    }
    try {
      await this.keys.complete(scope, key, { status, body: value ?? null, headers: replayedHeadersOf(response) });
    } catch (error) {
      // The command took effect, so it is answered. The key stays pending, refusing retries with 409
      // until it is purged: better than running the command twice.
      this.logger.error({ err: error }, 'Could not store the response for an idempotency key');
    }
    return value;
  }

  private userIdOf(request: CommandRequest): string | undefined {
    const userId: unknown = this.callerOf(request);
    return typeof userId === 'string' && userId.length > 0 ? userId : undefined;
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.keys.release(scope, key).catch((error: unknown) => {
      this.logger.error({ err: error }, 'Could not free the idempotency key of a failed request');
    });
  }
}

function withCommandHeaders(response: CommandResponse, value: unknown): unknown {
  if (isCommandResult(value)) setCommandHeaders(response, value);
  return value;
}

function replay(response: CommandResponse, stored: StoredResponse): unknown {
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  response.status(stored.status);
  return stored.body;
}

function replayedHeadersOf(response: ServerResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** The route's pattern, such as `/participants/:id/referrals`; the path itself when there is none. */
function routePathOf(request: CommandRequest, path: string): string {
  const pattern = request.route?.path;
  return typeof pattern === 'string' ? pattern : path;
}
