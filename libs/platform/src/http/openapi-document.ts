import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { COMMAND_HEADERS, CommandResultDto, ProblemDetailsDto, problemResponse } from './api-responses';
import { IDEMPOTENCY_KEY_HEADER } from '../commands/idempotency-key';
import { IF_MATCH_HEADER } from '../commands/if-match';

const DESCRIPTION =
  'Case management for journeys between social services, labour-market units, adult education and Arbetsförmedlingen. ' +
  'Errors are RFC 9457 problem details (application/problem+json) with `errors[{field, rule, message}]` for each field ' +
  '(body, query, path or header) that breaks a rule.\n\n' +
  '**Who sees what (OSL 26:1, 12:2).** Every record belongs to the organisation that made it: the registration, ' +
  'each consent, each referral (its answer to the receiver), each journey with all its steps. Only the owner ' +
  'writes into it; a caller who cannot see the person gets 404 as for an unknown id, one who can see it but ' +
  'does not own the record gets 403 not-record-owner. An organisation reads a record of another organisation ' +
  'recorded at t when a consent naming both was in force at some moment at or after t: a withdrawal or end ' +
  'date stops sharing from then on, both ways, and each side keeps its own records and what it was shown ' +
  'before. Example: A registers P, consent A+B, B accepts and runs journey J; A withdraws the consent on 2 March; ' +
  'B keeps J, A still sees J up to 2 March and nothing B records after it. Evaluators see records owned by ' +
  'their organisations only; admins keep their own organisations, and system_admin the whole installation.';

const TAGS: Readonly<Record<string, string>> = {
  participants: 'Registration, lookup and the record of a participant',
  consents: 'Consents to share records between organisations',
  referrals: 'Referrals between organisations, and the receiving side’s inbox',
  journeys: 'Journeys and their steps: status, enrolments, interventions, corrections',
  organisations: 'The catalogue of organisations and their units',
  tracks: 'The catalogue of tracks (insatser) and their revisions',
  reports:
    'Aggregated reports, as JSON or CSV: statistics protected by the cell key method (counts adjusted by at most ±2, cells under 5 suppressed); operational caseload and inbox figures exact, cells under 5 suppressed',
  evaluation: 'Pseudonymised event export and journey replay for evaluators',
  audit: 'The audit log of reads, commands and denials',
  admin: 'Operating the read models',
  'sign-in': 'Keys for verifying development tokens',
  health: 'Liveness, readiness and metrics for the platform',
};

/** The document's frame: everything about it that no controller says. */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return (
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Samspår API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .setContact('Samspår', 'https://samspar.se', 'samspar@samspar.se')
      .setLicense('Proprietary', 'https://samspar.se/license')
      // Relative: the document describes the server that serves it.
      .addServer('/', 'The server that serves this document')
      // Every data route needs a bearer token; health, docs and the development JWKS do not.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build()
  );
}

/** The api's OpenAPI 3.1 document, as /docs-json serves it and the tests validate responses against it. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, openApiConfig(), { extraModels: [ProblemDetailsDto, CommandResultDto] });
  return completeOpenApiDocument(document);
}

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** Refusals that do not depend on the operation: rate limit, our own failure, the database or audit log away. */
const EVERY_OPERATION = [429, 500, 503];

/**
 * What @nestjs/swagger 12 leaves to us: it writes OpenAPI 3.0 (`nullable`, boolean exclusive bounds), which we
 * turn into 3.1's JSON Schema; the refusals every operation can give; tags' descriptions; operation ids that
 * stay unique when two controllers name a method alike.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.openapi = '3.1.0';
  const used = new Set<string>();
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      operation.operationId = uniqueId(operationIdOf(operation, method, path), used);
      for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);
      const responses = (operation.responses ??= {}) as Json;
      const secured = !Array.isArray(operation.security) || operation.security.length > 0;
      const statuses = [...(secured ? [401] : []), ...(operation['x-samspar-roles'] ? [403] : []), ...EVERY_OPERATION];
      const parameters = (operation.parameters ?? []) as Json[];
      if (parameters.length > 0) statuses.push(400);
      for (const parameter of parameters) {
        // Every `…Id` in a path goes through ParseUUIDPipe; an unknown id is 404.
        if (parameter.in !== 'path' || !/Id$/.test(String(parameter.name))) continue;
        parameter.schema = { type: 'string', format: 'uuid' };
        statuses.push(404);
      }
      // Any body goes through the JSON parser: malformed (400), too large (413), not JSON (415).
      if (operation.requestBody) statuses.push(400, 413, 415);
      if (parameters.some((parameter) => parameter.in === 'header' && parameter.name === IDEMPOTENCY_KEY_HEADER)) {
        completeCommand(responses);
        statuses.push(400, 404, 409, 422);
        if (parameters.some((parameter) => parameter.in === 'header' && parameter.name === IF_MATCH_HEADER)) statuses.push(412);
      }
      statuses.sort((a, b) => a - b);
      for (const status of statuses) responses[String(status)] ??= problemResponse(status);
      // Every error goes through the problem filter, whatever a library declared for it (terminus' 503 as JSON).
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const declared = response as Json;
        const content = declared.content as Json | undefined;
        if (content && !('application/problem+json' in content)) declared.content = problemResponse(Number(status)).content;
      }
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  return toJsonSchema2020(document) as OpenAPIObject;
}

/**
 * A @Command() route answers with its CommandResult, unless it declared another body (ApiCommandResponses
 * with a type), and repeats revision and position as headers.
 */
function completeCommand(responses: Json): void {
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const declared = response as Json;
    declared.content ??= { 'application/json': { schema: { $ref: '#/components/schemas/CommandResultDto' } } };
    declared.headers = { ...COMMAND_HEADERS, ...(declared.headers as Json | undefined) };
    if (!declared.description) declared.description = 'Recorded';
  }
}

/** `ReadParticipantController_read` → `readParticipant`: the method name, qualified by the controller's subject. */
function operationIdOf(operation: Json, method: string, path: string): string {
  const given = typeof operation.operationId === 'string' ? operation.operationId : `${method}_${path}`;
  const [controller = '', handler = given] = given.includes('_') ? given.split('_') : ['', given];
  const subject = controller.replace(/Controller$/, '');
  const base = subject ? `${handler}${subject === handler ? '' : subject}` : handler;
  return base.replace(/[^A-Za-z0-9]+(.)?/g, (_all, next: string | undefined) => (next ? next.toUpperCase() : ''));
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id.charAt(0).toLowerCase() + id.slice(1);
  for (let n = 2; used.has(candidate); n++) candidate = `${id}${n}`;
  used.add(candidate);
  return candidate;
}

/** OpenAPI 3.0 schema keywords as 3.1 (JSON Schema 2020-12) spells them, everywhere in the document. */
function toJsonSchema2020(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema2020);
  if (value === null || typeof value !== 'object') return value;
  const object: Json = {};
  for (const [key, item] of Object.entries(value as Json)) object[key] = toJsonSchema2020(item);
  if (object.nullable === true) {
    delete object.nullable;
    if (typeof object.type === 'string') object.type = [object.type, 'null'];
    else if (Array.isArray(object.enum)) object.enum = [...object.enum, null];
    else if (object.$ref || object.allOf || object.oneOf) {
      const { description, ...rest } = object;
      return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
    }
  } else if (object.nullable === false) delete object.nullable;
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (object[exclusive] === true) {
      object[exclusive] = object[bound];
      delete object[bound];
    } else if (object[exclusive] === false) delete object[exclusive];
  }
  // 3.1 deprecates a schema's `example` for JSON Schema's `examples`; a parameter's or media type's stays.
  if ('example' in object && ('type' in object || '$ref' in object) && !('in' in object) && !('schema' in object)) {
    object.examples = [object.example];
    delete object.example;
  }
  return object;
}
