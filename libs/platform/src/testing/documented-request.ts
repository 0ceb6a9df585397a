import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Response, Test } from 'supertest';
import { createOpenApiDocument } from '../http/openapi-document';
import { OpenApiResponseValidator } from './openapi-validator';

export type DocumentedRequest = Record<'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options', (path: string) => Test>;

/**
 * supertest on the app, with every response checked against the app's own OpenAPI document before the spec's
 * own expectations: a response the document does not declare fails the test. `undocumented` names paths that
 * are not api operations (the web app's files, a probe route a spec adds), which are only sent.
 */
export function documentedRequest(app: INestApplication, options: { readonly undocumented?: RegExp } = {}): DocumentedRequest {
  const validator = new OpenApiResponseValidator(createOpenApiDocument(app));
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  const send = (method: keyof DocumentedRequest) => (path: string) => {
    const test = request(server)[method](path);
    if (options.undocumented?.test(path.split('?')[0]!)) return test;
    return test.expect((response: Response) =>
      validator.check(method.toUpperCase(), path, {
        status: response.status,
        contentType: response.headers['content-type'] as string | undefined,
        text: response.text,
      }),
    );
  };
  return {
    get: send('get'),
    post: send('post'),
    put: send('put'),
    patch: send('patch'),
    delete: send('delete'),
    head: send('head'),
    options: send('options'),
  };
}
