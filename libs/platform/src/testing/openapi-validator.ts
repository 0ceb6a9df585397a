import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

/** What the validator needs of a response, from supertest or node:http alike. */
export interface ReceivedResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  /** The body as text; undefined for an event stream cut off after its headers. */
  readonly text: string | undefined;
}

type Json = Record<string, unknown>;
const DOCUMENT_ID = 'urn:samspar:openapi';
/** Served by Swagger UI beside the api, not part of it. */
const NOT_IN_DOCUMENT = /^\/docs(?:[/?-]|$)/;

/**
 * Checks each response a test receives against the api's OpenAPI document: the operation must declare its
 * status, the media type it came as, and a JSON body must match the declared schema. A test that gets an
 * answer the document does not describe fails, so the document cannot drift from the code.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: { method: string; pattern: RegExp; template: string }[] = [];

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...(document as unknown as Json), $id: DOCUMENT_ID });
    for (const [template, item] of Object.entries(document.paths)) {
      // A literal segment wins over a parameter (`/tracks/retired` before `/tracks/{id}`).
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(item)) this.routes.push({ method: method.toUpperCase(), pattern, template });
    }
    this.routes.sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  }

  /** Throws when the response is not one the document declares for this request. */
  check(method: string, url: string, response: ReceivedResponse): void {
    const path = url.split('?')[0]!.replace(/^https?:\/\/[^/]+/, '');
    if (NOT_IN_DOCUMENT.test(path)) return;
    const route = this.routes.find((each) => each.method === method.toUpperCase() && each.pattern.test(path));
    const where = `${method.toUpperCase()} ${path} → ${response.status}`;
    if (!route) {
      // No such operation: only the router's own 404 or 405 may answer.
      if (response.status === 404 || response.status === 405) return;
      throw new Error(`${where}: no operation in the OpenAPI document matches this request`);
    }
    const responses = ((this.document.paths[route.template] as Json)[method.toLowerCase()] as Json).responses as Json;
    const status = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((key) => key in responses);
    if (!status) {
      throw new Error(`${where}: ${route.template} declares ${Object.keys(responses).join(', ')} but not ${response.status}`);
    }
    const content = (responses[status] as Json).content as Json | undefined;
    const mediaType = response.contentType?.split(';')[0]!.trim().toLowerCase();
    if (!content || !mediaType) {
      if (content && response.text) throw new Error(`${where}: a body without Content-Type`);
      if (!content && response.text) throw new Error(`${where}: a ${mediaType} body where the document declares none`);
      return;
    }
    if (!(mediaType in content)) {
      throw new Error(`${where}: answered ${mediaType}, the document declares ${Object.keys(content).join(', ')}`);
    }
    if (!/^application\/(?:[\w.-]+\+)?json$/.test(mediaType) || response.text === undefined) return;
    const pointer = ['paths', route.template, method.toLowerCase(), 'responses', status, 'content', mediaType, 'schema']
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.ajv.getSchema(`${DOCUMENT_ID}#/${pointer}`);
    if (!validate) throw new Error(`${where}: no schema at ${pointer}`);
    let body: unknown;
    try {
      body = response.text === '' ? undefined : JSON.parse(response.text);
    } catch {
      throw new Error(`${where}: a ${mediaType} body that is not JSON`);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
        .join('; ');
      throw new Error(`${where}: the body does not match the document: ${errors}\n${response.text.slice(0, 500)}`);
    }
  }
}
