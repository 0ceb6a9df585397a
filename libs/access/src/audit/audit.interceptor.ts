import type { ServerResponse } from 'node:http';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, defer, from, lastValueFrom, mergeMap, tap, throwError } from 'rxjs';
import { AuditKind, actionOf, purposeOf, ruleOf, statusOf } from './audit-policy';
import { AuditTrail, AuditedRequest } from './audit-trail';

// Nest's own metadata keys (@nestjs/common/constants), read to tell whether a handler writes its answer itself.
const ROUTE_ARGS_METADATA = '__routeArguments__';
const RESPONSE_PASSTHROUGH_METADATA = '__responsePassthrough__';
const SSE_METADATA = '__sse__';
const RESPONSE_PARAM = 1;
const NEXT_PARAM = 2;

/**
 * Records every command and every read of personal data, with its outcome, before the client gets it.
 *
 * - A read whose handler returns its answer is recorded after the handler and before Nest sends the
 *   value; if the record cannot be written, the client gets 503 and never the data.
 * - A command, or a read whose handler writes the response itself (a streamed export), is recorded
 *   first as `pending`: if that fails the handler never runs (503). Its outcome is a second row with the
 *   same request id. Once the change is made, failing to write that row is logged, not answered with
 *   503: a client told "failed" would retry a change that took effect. So the answer does not wait for
 *   that row either: it goes out with the next rows of other requests, and a stop waits for it.
 *
 * Register it before CommandsModule's interceptor, so that an idempotent replay is recorded too.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(private readonly trail: AuditTrail) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const kind = this.trail.kindOf(request);
    if (!kind) {
      // Not personal data, but a refusal of access is still recorded.
      // An operator chain, not a promise: these routes include streams (Server-Sent Events).
      if (!this.trail.coversDenials(request)) return next.handle();
      if (Reflect.getMetadata(SSE_METADATA, context.getHandler()) === true) {
        // A stream's refusal must reach Nest at once, or the event stream's 200 goes out first: recorded on the side.
        return next.handle().pipe(
          tap({
            error: (error: unknown) =>
              void this.refusal(request, error).catch((failure: unknown) =>
                this.logger.error({ err: failure }, 'Could not record a refused event stream'),
              ),
          }),
        );
      }
      return next
        .handle()
        .pipe(catchError((error: unknown) => from(this.refusal(request, error)).pipe(mergeMap(() => throwError(() => error)))));
    }
    const response = context.switchToHttp().getResponse<ServerResponse>();
    const recordFirst = kind === 'command' || writesOwnResponse(context);
    // A promise, not an operator chain: the record must be written before the value goes on to be sent.
    return defer(() => this.run(request, response, kind, recordFirst, next));
  }

  private async run(
    request: AuditedRequest,
    response: ServerResponse,
    kind: AuditKind,
    recordFirst: boolean,
    next: CallHandler,
  ): Promise<unknown> {
    let purpose: string | undefined;
    try {
      purpose = purposeOf(request.headers);
    } catch (refusal) {
      // Recorded without the purpose, which is what was wrong with it.
      await this.trail.record(request, { action: kind, outcome: String(statusOf(refusal)) });
      throw refusal;
    }
    if (recordFirst) await this.trail.record(request, { action: kind, outcome: 'pending', purpose });
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const status = statusOf(error);
      await this.outcome(request, recordFirst, {
        action: actionOf(kind, status, ruleOf(error)),
        outcome: String(status),
        purpose,
      });
      throw error;
    }
    await this.outcome(request, recordFirst, { action: kind, outcome: String(response.statusCode), purpose });
    return value;
  }

  /** Records a 401 or 403; a failure to record becomes the answer (503). */
  private async refusal(request: AuditedRequest, error: unknown): Promise<void> {
    const status = statusOf(error);
    if (status === 401 || status === 403) {
      await this.trail.record(request, { action: 'denied', outcome: String(status), purpose: undefined });
    }
  }

  private async outcome(
    request: AuditedRequest,
    recordedFirst: boolean,
    act: { action: string; outcome: string; purpose: string | undefined },
  ): Promise<void> {
    if (!recordedFirst) return this.trail.record(request, act);
    // The pending row stands for the act; the change itself is done and must be answered.
    void this.trail.recordSoon(request, act).catch((error: unknown) => {
      this.logger.error({ err: error, outcome: act.outcome }, 'The outcome of an audited command could not be recorded');
    });
  }
}

/** As Nest decides: a handler with @Res() or @Next() and no passthrough sends its answer itself. */
export function writesOwnResponse(context: ExecutionContext): boolean {
  const handler = context.getHandler();
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
  const takesResponse = Object.keys(args).some((key) => {
    const type = Number(key.split(':')[0]);
    return type === RESPONSE_PARAM || type === NEXT_PARAM;
  });
  return takesResponse && !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, context.getClass(), handler.name);
}
