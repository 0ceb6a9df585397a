import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { OpenApiResponseValidator } from '@samspar/platform/testing';

export interface RawRequest {
  readonly method: string;
  /** Sent as given: it may hold bad percent-encoding, encoded slashes or a query string. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  readonly chunked?: boolean;
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly ms: number;
  json<T = Record<string, unknown>>(): T | undefined;
}

/** Validators of the OpenAPI documents of the apis under test, by base URL (see startApi). */
const validators = new Map<string, OpenApiResponseValidator>();

/** From now on, every response from `baseUrl` must be one its OpenAPI document declares; undefined stops it. */
export function validateResponses(baseUrl: string, validator: OpenApiResponseValidator | undefined): void {
  if (validator) validators.set(new URL(baseUrl).origin, validator);
  else validators.delete(new URL(baseUrl).origin);
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const MAX_KEPT = 256 * 1024;

/** One request over node:http, which sends bytes fetch would refuse; an event stream is cut off after its headers. */
export function send(baseUrl: string, raw: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const started = performance.now();
  const body = raw.body === undefined ? undefined : Buffer.isBuffer(raw.body) ? raw.body : Buffer.from(raw.body);
  const headers: Record<string, string | number> = { ...raw.headers };
  if (body !== undefined && !raw.chunked) headers['Content-Length'] = body.length;
  if (body !== undefined && raw.chunked) headers['Transfer-Encoding'] = 'chunked';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers, agent, insecureHTTPParser: false },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const eventStream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        const finish = () => {
          const answer = response(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'), started);
          try {
            validators.get(url.origin)?.check(raw.method, raw.path, {
              status: answer.status,
              contentType: res.headers['content-type'],
              // A body cut off (an event stream, or past MAX_KEPT) is checked for its status and type only.
              text: eventStream || kept > MAX_KEPT ? undefined : answer.text,
            });
          } catch (error) {
            reject(error as Error);
            return;
          }
          resolve(answer);
        };
        if (eventStream) {
          res.destroy();
          finish();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (kept < MAX_KEPT) chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('end', finish);
        res.on('error', reject);
      },
    );
    req.setTimeout(raw.timeoutMs ?? 30_000, () => req.destroy(new Error(`No answer within ${raw.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    if (body === undefined) {
      req.end();
    } else if (raw.chunked) {
      // In pieces, as a slow client would: a server that waits for all of it before refusing is caught.
      const piece = 64 * 1024;
      for (let offset = 0; offset < body.length; offset += piece) req.write(body.subarray(offset, offset + piece));
      req.end();
    } else {
      req.end(body);
    }
  });
}

function response(status: number, headers: IncomingHttpHeaders, text: string, started: number): RawResponse {
  return {
    status,
    headers,
    text,
    ms: performance.now() - started,
    json<T>() {
      try {
        return JSON.parse(text) as T;
      } catch {
        return undefined;
      }
    },
  };
}

/** A small pool: runs `work` over `items` with at most `concurrency` at a time. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
