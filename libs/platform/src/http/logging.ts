import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, Params, PinoLogger } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';

// An inbound id is kept only when it is short and plain, so that a client cannot forge log lines.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** One JSON line per event on stdout: no credentials, no query strings, no probes. */
export function loggerParams(options: { level: LogLevel; service: string }): Params {
  return {
    pinoHttp: {
      name: options.service,
      level: options.level,
      genReqId: requestIdOf,
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
