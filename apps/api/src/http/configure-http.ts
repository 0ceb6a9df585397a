import { IncomingMessage, ServerResponse } from 'node:http';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const JSON_BODY_LIMIT = '1mb';
const JSON_TYPES = ['application/json', 'application/*+json'];
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

type Next = (error?: unknown) => void;

/**
 * Everything about the HTTP edge that lives on the app rather than in a module. main.ts and the
 * integration specs both call it, so that the tests exercise the same edge as production.
 */
export function configureHttp(app: NestExpressApplication, options: { openApi?: boolean } = {}): void {
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: JSON_TYPES });
  if (options.openApi ?? true) setUpOpenApi(app);
}

function setUpOpenApi(app: NestExpressApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Samspår API')
    .setDescription(
      'Case management for journeys between social services, labour-market units, adult education and Arbetsförmedlingen. ' +
        'Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1')
    // Every data route needs a bearer token; health, docs and the development JWKS do not.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  // A factory: the document is built on the first request, not at every start.
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'docs-json' });
}

function securityHeaders(_request: IncomingMessage, response: ServerResponse, next: Next): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  next();
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
