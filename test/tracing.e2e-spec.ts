// Tracing in the built api: a caller's W3C traceparent is continued, every log line of the request carries its
// trace_id and span_id, and with OTEL_EXPORTER_OTLP_ENDPOINT the spans of the HTTP request and of its pg queries
// reach an OTLP/HTTP receiver (one started here). Without the endpoint the ids are still in the log.
import { randomBytes, randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildAppsOnce } from '@samspar/event-store/testing';
import { API_MAIN, ServerProcess, freePort, sleep } from './hardening/support/processes';
import { HardeningStack } from './hardening/support/stack';

interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: readonly { readonly key: string; readonly value: Record<string, unknown> }[];
}

/** An OTLP/HTTP (JSON) trace receiver on a free loopback port: what a collector would get. */
class Receiver {
  readonly spans: OtlpSpan[] = [];
  readonly contentTypes = new Set<string>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.contentTypes.add(String(request.headers['content-type']));
        if (request.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as {
            resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
          };
          for (const resource of body.resourceSpans ?? [])
            for (const scope of resource.scopeSpans ?? []) this.spans.push(...(scope.spans ?? []));
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolveListen) => this.server.listen(0, '127.0.0.1', resolveListen));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
  }
}

/** Every stdout line of a process in full (ServerProcess keeps them cut short), parsed as JSON. */
function collectLines(server: ServerProcess): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  let rest = '';
  server.child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  return lines;
}

const attribute = (span: OtlpSpan, key: string): unknown => {
  const value = span.attributes.find((each) => each.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

const why = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is not set; pg spans need the api on PostgreSQL';
if (why) console.warn(`Tracing skipped: ${why}`);
const maybe = why ? describe.skip : describe;

maybe('Tracing in the built api', () => {
  let stack: HardeningStack;
  const receiver = new Receiver();
  let exporting: ServerProcess;
  let quiet: ServerProcess;
  const logs = new Map<ServerProcess, Record<string, unknown>[]>();

  beforeAll(async () => {
    await buildAppsOnce();
    stack = new HardeningStack(process.env.DATABASE_URL!, 'tr');
    const endpoint = await receiver.listen();
    exporting = new ServerProcess(
      'api exporting',
      API_MAIN,
      await freePort(),
      stack.env({ LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
    );
    logs.set(exporting, collectLines(exporting));
    await exporting.waitUntilReady();
    quiet = new ServerProcess('api', API_MAIN, await freePort(), stack.env({ LOG_LEVEL: 'info' }));
    logs.set(quiet, collectLines(quiet));
    await quiet.waitUntilReady();
  }, 300_000);

  afterAll(async () => {
    await exporting?.kill();
    await quiet?.kill();
    await receiver.close();
    await stack?.destroy();
  }, 60_000);

  /** An admin registers an organisation (a command: token, audit rows, an append) with the caller's traceparent. */
  async function tracedCommand(api: ServerProcess) {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const organisationId = randomUUID();
    const token = await stack.token({
      userId: 'tracing-admin',
      role: 'admin',
      organisationIds: [organisationId],
      permissions: ['system_admin'],
    });
    const response = await fetch(`${api.baseUrl}/api/v1/organisations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
        traceparent: `00-${traceId}-${parentId}-01`,
      },
      body: JSON.stringify({ organisationId, name: 'Spårad nämnd', kind: 'social_services', municipalityCode: '1480' }),
    });
    await response.arrayBuffer();
    expect(response.status).toBe(201);
    const requestId = response.headers.get('x-request-id')!;
    // The request's lines: pino-http writes its own after the answer.
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && !lines.some((line) => line.msg === 'request completed'); i++) {
      await sleep(100);
      lines = logs.get(api)!.filter((line) => (line.req as { id?: unknown } | undefined)?.id === requestId);
    }
    return { traceId, parentId, lines };
  }

  it('writes the caller trace_id, and a span_id of this process, in every log line of the request', async () => {
    const { traceId, parentId, lines } = await tracedCommand(quiet);
    expect(lines.some((line) => line.msg === 'request completed')).toBe(true);
    for (const line of lines) {
      expect(line.trace_id).toBe(traceId);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(line.span_id).not.toBe(parentId);
    }
  }, 60_000);

  it('exports the HTTP request span, child of the caller, and its pg query spans, to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const { traceId, parentId, lines } = await tracedCommand(exporting);
    let spans: OtlpSpan[] = [];
    for (let i = 0; i < 100; i++) {
      spans = receiver.spans.filter((span) => span.traceId === traceId);
      if (
        spans.some((span) => span.parentSpanId === parentId) &&
        spans.some((span) => attribute(span, 'db.statement') ?? attribute(span, 'db.query.text'))
      )
        break;
      await sleep(100);
    }
    const server = spans.find((span) => span.parentSpanId === parentId);
    expect(server).toMatchObject({ kind: 2 });
    // Express (through Nest) names the route, not the path with its ids.
    expect(server!.name).toBe('POST /api/v1/organisations');
    expect(spans.some((span) => attribute(span, 'http.route') === '/api/v1/organisations' && span.kind === 1)).toBe(true);
    const queries = spans.filter((span) => (attribute(span, 'db.system') ?? attribute(span, 'db.system.name')) === 'postgresql');
    expect(queries.length).toBeGreaterThan(0);
    // Statements with placeholders only: the values (personal data among them) are never in a span.
    for (const query of queries) expect(JSON.stringify(query.attributes)).not.toContain('Spårad nämnd');
    // Each log line names a span that was exported, so a log line leads to its trace.
    const exported = new Set(spans.map((span) => span.spanId));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(exported.has(String(line.span_id))).toBe(true);
    expect([...receiver.contentTypes]).toContain('application/json');
  }, 60_000);

  it('never exports a query string: it may carry personal data', async () => {
    const traceId = randomBytes(16).toString('hex');
    const token = await stack.token({
      userId: 'tracing-admin',
      role: 'admin',
      organisationIds: [randomUUID()],
      permissions: ['system_admin'],
    });
    const response = await fetch(`${exporting.baseUrl}/api/v1/admin/audit?userId=frida-ferm-19850312`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    await response.arrayBuffer();
    let spans: OtlpSpan[] = [];
    for (let i = 0; i < 100 && !spans.some((span) => span.kind === 2); i++) {
      await sleep(100);
      spans = receiver.spans.filter((span) => span.traceId === traceId);
    }
    const server = spans.find((span) => span.kind === 2);
    expect(server).toBeDefined();
    expect(attribute(server!, 'url.query')).toBe('[redacted]');
    expect(JSON.stringify(spans)).not.toContain('frida-ferm');
  }, 60_000);
});
