/**
 * OpenTelemetry for Samspår's processes. Imported first by apps/api and apps/projector (their main.ts), before
 * Nest, Express, pg or pino is required: the instrumentations patch those modules as they load, and miss any that
 * loaded earlier. Deliberately imports nothing of Samspår's own.
 *
 * Spans are always made, so that every log line written inside a request carries trace_id and span_id (the pino
 * instrumentation's mixin), and a caller's W3C traceparent is continued. They leave the process only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP, to <endpoint>/v1/traces). OTEL_SDK_DISABLED=true turns all
 * of it off.
 */
import type { IncomingMessage } from 'node:http';
import { register as registerEsmHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';

let sdk: NodeSDK | undefined;

/** Probes every few seconds would be most of the spans and say nothing. */
const UNTRACED_PATHS = /^\/(?:health|metrics)(?:[/?]|$)/;

export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  // Checked again, with a one-line message, by loadConfig; a bad value here must not throw before it can say so.
  const exporting = endpoint !== undefined && /^https?:\/\/[^/\s]/i.test(endpoint);
  // Nest 12's platform-express is an ES module, and its `import express` does not pass through require()'s hook:
  // without this in-thread loader hook (Node >= 22.22.3, as package.json's engines ask) Express would stay untraced.
  // Only the packages traced with an exporter go through it.
  if (exporting && supportsSyncHooks()) registerEsmHooks({ include: ['express', 'pg'] });
  // Set explicitly: left to itself, NodeSDK would default traces, metrics and logs each to an OTLP exporter.
  // With no processor at all it would make no spans, and the log lines would carry no ids. Without an endpoint the
  // spans are not recorded (AlwaysOff): they carry the ids, and cost no attributes nobody will read.
  const spanProcessor: SpanProcessor = exporting
    ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })
    : new NoopSpanProcessor();
  sdk = new NodeSDK({
    serviceName,
    spanProcessors: [spanProcessor],
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
        // Spans leave the process: a query string may carry personal data, so it is never recorded.
        requestHook: (span, request) => {
          if ((request as IncomingMessage).url?.includes('?')) span.setAttribute('url.query', '[redacted]');
        },
      }),
      // trace_id and span_id in each line; the lines themselves stay on stdout.
      new PinoInstrumentation({ disableLogSending: true }),
      // Spans of their own only matter where they are exported: without an endpoint they would only cost time
      // (bench:api measured half the starts/s with them; the request's span is enough for the log's ids).
      ...(exporting
        ? [
            // The route and its handler; a span for each of the dozen middlewares would cost more than it tells.
            new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
            // Statement text only ($1, $2…); values are never recorded, as enhancedDatabaseReporting is off.
            new PgInstrumentation({ ignoreConnectSpans: true }),
          ]
        : []),
    ],
  });
  sdk.start();
}

/** Sends the spans still buffered; called as the process ends, and never holds the exit up for long. */
export async function stopTracing(timeoutMs = 2_000): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    running.shutdown().catch(() => undefined),
    new Promise<void>((resolveLater) => (timer = setTimeout(resolveLater, timeoutMs))),
  ]);
  clearTimeout(timer);
}
