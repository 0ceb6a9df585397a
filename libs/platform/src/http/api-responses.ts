import { Type, applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CREATED_KINDS, GLOBAL_POSITION_HEADER } from '../commands/command-result';

export const PROBLEM_JSON = 'application/problem+json';
const UUID = { type: 'string', format: 'uuid' } as const;
/** `<transaction>:<sequence>` on PostgreSQL and PGlite, `<commit>:<prepare>` on EventStoreDB. */
const GLOBAL_POSITION = { type: 'string', pattern: '^\\d+:\\d+$', examples: ['8123:4'] } as const;

export class FieldErrorDto {
  @ApiProperty({ description: 'The body field, query parameter, path parameter or header to blame', examples: ['occurredAt'] })
  readonly field!: string;

  @ApiProperty({ description: 'Kebab-case name of the rule that failed', examples: ['is-iso8601'] })
  readonly rule!: string;

  @ApiProperty({ description: 'What is wrong, for a person to read' })
  readonly message!: string;
}

/** RFC 9457 problem details, as ProblemDetailsFilter and the access filters write them. */
export class ProblemDetailsDto {
  @ApiProperty({
    format: 'uri',
    description: 'https://samspar.se/problems/<rule>: the rule that refused the request',
    examples: ['https://samspar.se/problems/invalid-request'],
  })
  readonly type!: string;

  @ApiProperty({ examples: ['The request is not valid'] })
  readonly title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, examples: [400] })
  readonly status!: number;

  @ApiProperty({ examples: ['The request has 1 invalid field'] })
  readonly detail!: string;

  @ApiPropertyOptional({ description: 'The path of the request, without its query string', examples: ['/api/v1/participants'] })
  readonly instance?: string;

  @ApiPropertyOptional({ description: 'Quote it when you report a problem' })
  readonly requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'One entry per field and rule that failed' })
  readonly errors?: FieldErrorDto[];
}

/** What a command answers; `ETag` and `X-Global-Position` repeat revision and position. */
export class CreatedRecordDto {
  @ApiProperty({ enum: CREATED_KINDS, description: 'What the command created' })
  readonly kind!: string;

  @ApiProperty({ ...UUID, description: 'The id that names it in paths and later commands' })
  readonly id!: string;
}

export class CommandResultDto {
  @ApiProperty({ ...UUID, description: 'The participant, organisation or track the command created or changed' })
  readonly id!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "The stream's revision after the command: send it back as If-Match on the next command",
  })
  readonly revision!: number;

  @ApiProperty({
    ...GLOBAL_POSITION,
    description: "Global position of the command's last event: a read may wait until its read model has reached it",
  })
  readonly position!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: UUID,
    description: 'The ids of the events the command recorded, in order: a correction names a step by one of them (stepEventId)',
  })
  readonly eventIds?: string[];

  @ApiPropertyOptional({
    type: CreatedRecordDto,
    description:
      'The record the command created (a journey, referral, consent, enrolment, intervention, status …); absent when it acted on one that exists',
  })
  readonly created?: CreatedRecordDto;

  @ApiPropertyOptional({
    ...UUID,
    description: 'The journey-step event the command recorded: send it as stepEventId to POST …/journeys/{journeyId}/corrections',
  })
  readonly stepEventId?: string;
}

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request breaks a rule: `errors` names each field (body, query, path or header) and rule',
  401: 'No valid bearer token',
  403: 'The role may not do this, or the record belongs to another organisation',
  404: 'No such record, or one the caller may not see',
  406: 'None of the media types in Accept can be served',
  409: 'Not possible in the current state, or the same Idempotency-Key is still being served',
  410: 'Gone',
  412: 'If-Match names an older revision: someone changed the record meanwhile',
  413: 'The body is larger than the limit',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was used before with another body',
  428: 'If-Match is required',
  429: 'Over the rate limit; wait for Retry-After seconds',
  500: 'Something went wrong on our side; quote requestId',
  503: 'The database, the audit log or a read model is not available yet; retry after Retry-After seconds',
};

/** The schema every 4xx and 5xx answers with. */
export const PROBLEM_RESPONSE_SCHEMA = { $ref: getSchemaPath(ProblemDetailsDto) };

export function problemResponse(status: number): { description: string; content: Record<string, { schema: object }> } {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? `HTTP ${status}`,
    content: { [PROBLEM_JSON]: { schema: PROBLEM_RESPONSE_SCHEMA } },
  };
}

/**
 * The refusals an operation can give beyond those every operation can (401, 403, 429, 500 and 503 are
 * added to each operation when the document is built; see completeOpenApiDocument).
 */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}

export const COMMAND_HEADERS = {
  ETag: { description: 'The revision, to send back as If-Match', schema: { type: 'string' } },
  [GLOBAL_POSITION_HEADER]: { description: 'The position of the last event recorded', schema: GLOBAL_POSITION },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};

/**
 * A @Command() route: its result (or another DTO, when it answers more), and the refusals every command
 * can give: invalid body or header (400), not found (404), wrong state or key in use (409), stale
 * If-Match (412), a key reused with another body (422), a body not JSON (415) or too large (413).
 */
export function ApiCommandResponses(options: { status?: 200 | 201; type?: Type<unknown> } = {}): MethodDecorator {
  const type = options.type ?? CommandResultDto;
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: options.status ?? 200,
      description: 'Recorded',
      headers: COMMAND_HEADERS,
      content: { 'application/json': { schema: { $ref: getSchemaPath(type) } } },
    }),
    ApiProblemResponses(400, 404, 409, 412, 413, 415, 422),
  );
}

/** A JSON read of one DTO, or an array of them. */
export function ApiJsonResponse(
  type: Type<unknown>,
  options: { array?: boolean; description?: string; status?: number } = {},
): MethodDecorator {
  const ref = { $ref: getSchemaPath(type) };
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: options.status ?? 200,
      description: options.description ?? 'OK',
      content: { 'application/json': { schema: options.array ? { type: 'array', items: ref } : ref } },
    }),
  );
}

/** A report cell: a count, or why there is none. */
export const REPORT_CELL_SCHEMA = {
  oneOf: [
    { type: 'number' },
    {
      type: 'string',
      enum: ['suppressed', 'not_available'],
      description: '`suppressed`: fewer than the threshold, withheld; `not_available`: not recorded, so not counted',
    },
  ],
};

/** A report column as the document describes it; read-models' column metadata maps onto it. */
export interface ReportColumnDoc {
  readonly name: string;
  /** `dimension` columns hold text (a month, an organisation); the rest are cells. */
  readonly kind?: 'dimension' | 'measure';
  readonly label?: string;
  readonly unit?: string;
}

/** The schema of a report table: its rows, each a map from column to a dimension (text) or a cell. */
export function reportTableSchema(columns?: readonly ReportColumnDoc[]): Record<string, unknown> {
  const dimension = { type: ['string', 'null'] };
  const row = columns
    ? {
        type: 'object',
        properties: Object.fromEntries(
          columns.map((column) => [
            column.name,
            {
              ...(column.kind === 'dimension' ? dimension : REPORT_CELL_SCHEMA),
              ...(column.label ? { title: column.label } : {}),
              ...(column.unit ? { description: `Unit: ${column.unit}` } : {}),
            },
          ]),
        ),
        // A column the document does not name fails the response validation of the HTTP specs.
        additionalProperties: false,
      }
    : { type: 'object', additionalProperties: { anyOf: [dimension, REPORT_CELL_SCHEMA] } };
  return {
    type: 'object',
    required: ['report', 'filters', 'asOf', 'columns', 'rows'],
    properties: {
      report: { type: 'string', description: 'The report’s name; the CSV file is named after it' },
      filters: { type: 'object', additionalProperties: true, description: 'The filters the figures were counted with' },
      asOf: { type: 'string', format: 'date-time', description: 'The instant the figures describe' },
      position: { type: 'string', description: 'The read model’s global position when the report was read' },
      columns: { type: 'array', items: { type: 'string' }, description: 'The columns, in the order of the CSV' },
      rows: { type: 'array', items: row },
    },
  };
}

/**
 * A report: JSON or CSV as Accept prefers, 406 for neither, 400 for a bad filter, 503 while its read model
 * has not caught up.
 */
export function ApiReportResponses(options: { columns?: readonly ReportColumnDoc[]; csv?: boolean } = {}): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 200,
      description: 'The report; CSV when Accept prefers text/csv',
      content: {
        'application/json': { schema: reportTableSchema(options.columns) },
        ...(options.csv === false ? {} : { 'text/csv': { schema: { type: 'string' } } }),
      },
    }),
    ApiProblemResponses(400, 406),
  );
}

/** A JSON read whose body is described by a schema rather than a DTO class (views folded from events). */
export function ApiJsonSchemaResponse(
  schema: Record<string, unknown>,
  options: { description?: string; status?: number } = {},
): MethodDecorator {
  return ApiResponse({
    status: options.status ?? 200,
    description: options.description ?? 'OK',
    content: { 'application/json': { schema } },
  });
}
