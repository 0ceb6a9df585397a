import { send } from './raw-http';

export interface SchemaObject {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly items?: SchemaObject;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly $ref?: string;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: SchemaObject;
}

export interface Operation {
  readonly method: string;
  /** `/api/v1/participants/{participantId}` */
  readonly template: string;
  readonly id: string;
  readonly parameters: readonly Parameter[];
  /** The request body's schema, with its $ref resolved; undefined when the operation takes none. */
  readonly body?: SchemaObject;
  /** `x-samspar-roles`: the roles that may call it; undefined for a public route. */
  readonly roles?: readonly string[];
  /** `x-samspar-access`: the rule that decides which organisations may call it on which record. */
  readonly access?: string;
  /** Declared with `security: []`: answers without a token (the web app's sign-in). */
  readonly public: boolean;
}

interface Document {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        parameters?: Parameter[];
        requestBody?: unknown;
        'x-samspar-roles'?: string[];
        'x-samspar-access'?: string;
        security?: unknown[];
      }
    >
  >;
  readonly components?: { readonly schemas?: Record<string, SchemaObject> };
}

/** Every operation of the api's own OpenAPI document, as served at /docs-json. */
export async function operationsOf(baseUrl: string): Promise<Operation[]> {
  const response = await send(baseUrl, { method: 'GET', path: '/docs-json' });
  const document = response.json<Document>();
  if (response.status !== 200 || !document) throw new Error(`GET /docs-json answered ${response.status}`);
  const resolve = (schema: SchemaObject | undefined): SchemaObject | undefined => {
    if (!schema?.$ref) return schema;
    return document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
  };
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const body = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      operations.push({
        method: method.toUpperCase(),
        template,
        id: `${method.toUpperCase()} ${template}`,
        parameters: operation.parameters ?? [],
        ...(body ? { body: resolve(body) ?? {} } : {}),
        ...(operation['x-samspar-roles'] ? { roles: operation['x-samspar-roles'] } : {}),
        ...(operation['x-samspar-access'] ? { access: operation['x-samspar-access'] } : {}),
        public: Array.isArray(operation.security) && operation.security.length === 0,
      });
    }
  }
  return operations;
}

/** The template with each {name} replaced by what `value` gives for it, unescaped. */
export function fillPath(template: string, value: (name: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_all, name: string) => value(name));
}
