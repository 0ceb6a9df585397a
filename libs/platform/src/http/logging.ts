import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { isSpanContextValid } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { Logger, Params, PinoLogger } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';
import { tracingSdkRunning } from '../tracing/sdk-state';

// An inbound id is kept only when it is short and plain, so that a client cannot forge log lines.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** The W3C trace context ids a request's log lines carry, as the OpenTelemetry pino instrumentation names them. */
export interface LogTraceIds {
  readonly trace_id: string;
  readonly span_id: string;
  readonly trace_flags: string;
}

const TRACE_IDS = new WeakMap<IncomingMessage, LogTraceIds>();

/**
 * Without the tracing SDK (no exporter): the caller's trace id from a valid `traceparent`, or a new one, and a span
 * id of this request's own, the same for every line of the request. Nothing is recorded, so the flags say so.
 */
export function traceIdsOf(request: IncomingMessage): LogTraceIds {
  let ids = TRACE_IDS.get(request);
  if (ids) return ids;
  const header = request.headers.traceparent;
  const parent = typeof header === 'string' ? parseTraceParent(header.trim().toLowerCase()) : null;
  // randomUUID draws on a pool; randomBytes for every request cost ten times as much. A version 4 uuid has 122
  // random bits: a trace id of its 32 hex digits, a span id of the last 16 (62 random bits).
  const span = randomUUID().replaceAll('-', '').slice(16);
  ids = {
    trace_id: parent && isSpanContextValid(parent) ? parent.traceId : randomUUID().replaceAll('-', ''),
    span_id: span,
    trace_flags: '00',
  };
  TRACE_IDS.set(request, ids);
  return ids;
}

/** One JSON line per event on stdout: no credentials, no query strings, no probes. */
export function loggerParams(options: { level: LogLevel; service: string }): Params {
  return {
    pinoHttp: {
      name: options.service,
      level: options.level,
      genReqId: requestIdOf,
      // With the SDK running, its pino instrumentation writes the ids of the request's span instead.
      ...(tracingSdkRunning() ? {} : { customProps: traceIdsOf }),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["proxy-authorization"]',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      formatters: { level: (label: string) => ({ level: label }) },
      // The path only: a query string or body may carry a personnummer, and logs must never hold one.
      serializers: {
        req: (request: { id?: unknown; method?: string; url?: string }) => ({
          id: request.id,
          method: request.method,
          path: (request.url ?? '').split('?')[0],
        }),
      },
      customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // Orchestrators probe every few seconds; those lines would drown the rest.
      autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health/') ?? false },
    },
  };
}

/**
 * A Nest logger on the same pino root as the request logger, for the messages Nest writes while it
 * starts, before the DI container can hand one out.
 */
export function bootLogger(params: Params): Logger {
  return new Logger(new PinoLogger(params), params);
}
