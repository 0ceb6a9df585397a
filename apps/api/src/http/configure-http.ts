import { IncomingMessage, STATUS_CODES, Server, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { HttpStatus, UnsupportedMediaTypeException } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { PROBLEM_TYPE_BASE, ProblemException, createOpenApiDocument } from '@samspar/platform';
import { API_PATHS } from './web-app';

export const JSON_BODY_LIMIT = '1mb';
const JSON_TYPES = ['application/json', 'application/*+json'];
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
/** No request body of ours nests deeper than a few levels; the validation pipe recurses, so a deep one must stop here. */
export const JSON_MAX_DEPTH = 32;
const HEADERS_TOO_LARGE = 431;

type Next = (error?: unknown) => void;
const DOCS_PATH = /^\/docs(?:[/?#]|$)/;

/**
 * Everything about the HTTP edge that lives on the app rather than in a module. main.ts and the
 * integration specs both call it, so that the tests exercise the same edge as production.
 */
export function configureHttp(
  app: NestExpressApplication,
  options: { openApi?: boolean; /** The identity provider the web app talks to (AUTH_ISSUER). */ issuer?: string } = {},
): void {
  app.disable('x-powered-by');
  app.use(securityHeaders(options.issuer));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: JSON_TYPES });
  app.use(refuseDeepJson);
  answerBadRequestsAsProblems(app.getHttpServer() as Server);
  if (options.openApi ?? true) setUpOpenApi(app);
}

function setUpOpenApi(app: NestExpressApplication): void {
  // A factory: the document is built on the first request, not at every start.
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

/**
 * helmet's headers on every response, errors included: HSTS, nosniff, no framing, no referrer, same-origin
 * Cross-Origin-* policies. The api serves JSON only, so its CSP allows nothing at all; the Swagger UI
 * under /docs gets one that allows its own scripts and the inline styles it needs; the web app, everywhere
 * else, its own files only (no inline script or style), and calls to the identity provider for sign-in.
 */
function securityHeaders(issuer?: string): (request: IncomingMessage, response: ServerResponse, next: Next) => void {
  const common = {
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  } as const;
  const api = helmet({
    ...common,
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  const web = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...(issuer ? [new URL(issuer).origin] : [])],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  return (request, response, next) => {
    const url = request.url ?? '';
    (DOCS_PATH.test(url) ? docs : API_PATHS.test(url) ? api : web)(request, response, next);
  };
}

/** Without this, express.json() skips a body of another type and the handler sees no body at all. */
function requireJsonBody(request: IncomingMessage, _response: ServerResponse, next: Next): void {
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  const type = request.headers['content-type'];
  if (!hasBody || (type !== undefined && JSON_TYPE.test(type))) {
    next();
    return;
  }
  next(
    new UnsupportedMediaTypeException(
      `The body was sent as ${type ? JSON.stringify(type.slice(0, 80)) : 'an unnamed type'}; send it as application/json.`,
    ),
  );
}

/** `[[[[…]]]]` 10,000 deep parses, but overflows the stack of every recursive walk after it (a 500). */
function refuseDeepJson(request: IncomingMessage & { body?: unknown }, _response: ServerResponse, next: Next): void {
  const stack: [unknown, number][] = [[request.body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > JSON_MAX_DEPTH) {
      next(new ProblemException(HttpStatus.BAD_REQUEST, 'body-too-deep', `The body nests deeper than ${JSON_MAX_DEPTH} levels.`));
      return;
    }
    for (const item of Object.values(value)) stack.push([item, depth + 1]);
  }
  next();
}

/**
 * Requests node refuses before any handler sees them (headers over 16 KB, a malformed request line)
 * get problem+json too, instead of node's bare status line.
 */
function answerBadRequestsAsProblems(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? HEADERS_TOO_LARGE
        : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? HttpStatus.PAYLOAD_TOO_LARGE
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? HttpStatus.REQUEST_TIMEOUT
            : HttpStatus.BAD_REQUEST;
    const title = STATUS_CODES[status] ?? 'Bad Request';
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      title,
      status,
      detail:
        status === HEADERS_TOO_LARGE
          ? 'The request line and headers together are larger than 16 KB.'
          : 'The request is not well-formed HTTP.',
      instance: '',
    });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
