import { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { AuditUnavailableError } from './audit.errors';

// The platform's problem type base, spelt out: platform depends on access, not the other way.
const PROBLEM_TYPE = 'https://samspar.se/problems/audit-unavailable';

const ANSWER_HEADERS = ['ETag', 'X-Global-Position', 'Content-Disposition', 'Last-Modified'];

/**
 * 503 `audit-unavailable` as RFC 9457 problem+json. Registered after the platform's catch-all filter,
 * because Nest tries the global filter registered last first.
 */
@Catch(AuditUnavailableError)
export class AuditUnavailableFilter implements ExceptionFilter {
  catch(error: AuditUnavailableError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage & { originalUrl?: string; id?: unknown }>();
    const response = http.getResponse<ServerResponse>();
    if (response.headersSent) {
      response.end();
      return;
    }
    const body = JSON.stringify({
      type: PROBLEM_TYPE,
      title: 'Service Unavailable',
      status: 503,
      detail: error.message,
      // The path only: a query string may carry personal data.
      instance: (request.originalUrl ?? request.url ?? '').split('?')[0],
      ...(typeof request.id === 'string' ? { requestId: request.id } : {}),
    });
    // Headers the handler set for the answer that is not sent must not go out with this one.
    for (const name of ANSWER_HEADERS) response.removeHeader(name);
    response.statusCode = 503;
    response.setHeader('Retry-After', '5');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(body));
    response.end(body);
  }
}
