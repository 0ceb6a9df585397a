/**
 * The one door to the api. Pages import the generated operations and the helpers from here only, so that the
 * generated client (libs/api-client, npm run generate:client) is reached in this file alone.
 */
import { client } from '../../../../libs/api-client/src';

export * from '../../../../libs/api-client/src';

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** An RFC 9457 problem from the api (or a stand-in for a network failure), as the pages show it. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors: readonly FieldError[];

  constructor(problem: { status: number; type: string; title: string; detail?: string; errors?: readonly FieldError[] }) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    if (problem.detail !== undefined) this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }

  /** The rule's last segment, such as `consent-required` or `precondition-failed`. */
  get rule(): string {
    return this.type.slice(this.type.lastIndexOf('/') + 1);
  }

  /** The errors per field, the form's field names as keys (`errors[].field` with a trailing array index dropped). */
  get fieldErrors(): Readonly<Record<string, readonly FieldError[]>> {
    const byField: Record<string, FieldError[]> = {};
    for (const error of this.errors) {
      const field = error.field.replace(/\[\d+\]$|\.\d+$/, '');
      (byField[field] ??= []).push(error);
    }
    return byField;
  }
}

const NETWORK_PROBLEM = 'https://samspar.se/problems/network';

/** Whatever came back, as an ApiProblem: problem+json is kept as it is, anything else is described. */
export function toProblem(body: unknown, status: number | undefined): ApiProblem {
  if (body instanceof ApiProblem) return body;
  if (status === undefined) {
    return new ApiProblem({ status: 0, type: NETWORK_PROBLEM, title: 'Network error', detail: describe(body) });
  }
  if (typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string') {
    const problem = body as { type: string; title?: unknown; detail?: unknown; errors?: unknown };
    const errors = Array.isArray(problem.errors)
      ? problem.errors.filter(isFieldError).map(({ field, rule, message }) => ({ field, rule, message }))
      : [];
    return new ApiProblem({
      status,
      type: problem.type,
      title: typeof problem.title === 'string' ? problem.title : `HTTP ${status}`,
      ...(typeof problem.detail === 'string' ? { detail: problem.detail } : {}),
      errors,
    });
  }
  return new ApiProblem({
    status,
    type: 'about:blank',
    title: `HTTP ${status}`,
    ...(typeof body === 'string' && body.length > 0 ? { detail: body.slice(0, 200) } : {}),
  });
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, rule, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof rule === 'string' && typeof message === 'string';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ClientSettings {
  /** '' for the same origin as the page (the api serves the app; Vite's dev server proxies /api). */
  readonly baseUrl: string;
  /** The bearer token of the signed-in user, or undefined. */
  readonly token: () => string | undefined;
  /** The organisation the user acts for, when the sign-in names several. */
  readonly actingFor?: () => string | undefined;
  /** Called on a 401, so the app can send the user to sign in again. */
  readonly onUnauthenticated?: () => void;
}

let interceptorsInstalled = false;

/** Sets up the generated client once: base URL, bearer token, acting organisation, errors as ApiProblem. */
export function configureClient(settings: ClientSettings): void {
  client.setConfig({
    baseUrl: settings.baseUrl,
    auth: () => settings.token(),
    throwOnError: true,
  });
  if (interceptorsInstalled) return;
  interceptorsInstalled = true;
  client.interceptors.request.use((request) => {
    const organisation = settings.actingFor?.();
    if (organisation && !request.headers.has('X-Organisation-Id')) request.headers.set('X-Organisation-Id', organisation);
    return request;
  });
  client.interceptors.error.use((error, response) => {
    const problem = toProblem(error, response?.status);
    if (problem.status === 401) settings.onUnauthenticated?.();
    return problem;
  });
}

/** The If-Match header for a change to a record last seen at `revision` (the ETag of the read or command). */
export const ifMatch = (revision: number): { 'If-Match': string } => ({ 'If-Match': `"${revision}"` });

/** The revision an ETag (`"7"` or `W/"7"`) names, or undefined. */
export function revisionOf(response: Response | undefined): number | undefined {
  const match = /^(?:W\/)?"(\d+)"$/.exec(response?.headers.get('ETag') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A fresh id for a record the client creates, and for Idempotency-Key. */
export const newId = (): string => crypto.randomUUID();

/** The URL of a GET route with the client's base URL, for EventSource and downloads. */
export function urlOf(path: string): string {
  return `${client.getConfig().baseUrl ?? ''}${path}`;
}

/**
 * Follows a Server-Sent Events route with the same sign-in as every call (EventSource cannot send a bearer
 * token). Reconnects after a dropped connection; `signal` ends it.
 */
export async function followEvents<T>(
  url: string,
  onEvent: (event: string | undefined, data: T) => void,
  signal: AbortSignal,
  onError?: (problem: ApiProblem) => void,
): Promise<void> {
  const { stream } = await client.sse.get({
    url,
    signal,
    security: [{ scheme: 'bearer', type: 'http' }],
    sseMaxRetryDelay: 30_000,
    onSseEvent: (event) => onEvent(event.event, event.data as T),
    onSseError: (error) => onError?.(toProblem(error, undefined)),
  });
  // Drain the stream; the events arrive through onSseEvent.
  for await (const _ of stream) {
    if (signal.aborted) break;
  }
}
