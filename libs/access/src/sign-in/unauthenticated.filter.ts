import { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { UnauthenticatedError } from './sign-in.errors';

// The platform's problem type base; the auth integration spec checks that the two agree.
const PROBLEM_TYPE = 'https://samspar.se/problems/unauthenticated';

/**
 * 401 as RFC 9457 problem+json with the RFC 6750 challenge. Registered after the platform's
 * catch-all filter, because Nest tries the global filter registered last first.
 */
@Catch(UnauthenticatedError)
export class UnauthenticatedFilter implements ExceptionFilter {
  catch(error: UnauthenticatedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage & { originalUrl?: string; id?: unknown }>();
    const response = http.getResponse<ServerResponse>();
    if (response.headersSent) {
      response.end();
      return;
    }
    const body = JSON.stringify({
      type: PROBLEM_TYPE,
      title: 'Not signed in',
      status: 401,
      detail: error.message,
      // The path only: a query string may carry personal data.
      instance: (request.originalUrl ?? request.url ?? '').split('?')[0],
      ...(typeof request.id === 'string' ? { requestId: request.id } : {}),
    });
    response.statusCode = 401;
    response.setHeader(
      'WWW-Authenticate',
      error.reason === 'missing' ? 'Bearer realm="samspar"' : 'Bearer realm="samspar", error="invalid_token"',
    );
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(body));
    response.end(body);
  }
}
