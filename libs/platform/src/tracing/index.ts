/**
 * OpenTelemetry for Samspår's processes. Imported first by apps/api and apps/projector (their main.ts), before
 * Nest, Express, pg or pino is required: the instrumentations patch those modules as they load, and miss any that
 * loaded earlier. Deliberately imports nothing of Samspår's own.
 *
 * The SDK runs only when spans leave the process: with OTEL_EXPORTER_OTLP_ENDPOINT set (OTLP over HTTP, to
 * <endpoint>/v1/traces), and OTEL_SDK_DISABLED not true. It then continues a caller's W3C traceparent, and the pino
 * instrumentation writes each span's trace_id and span_id into every log line made inside it. Without an endpoint
 * the log still gets those ids, from the request logger (libs/platform/src/http/logging.ts): spans nobody records
 * cost a fifth of a command's Node CPU in bench:api, for nothing the log needs.
 */
import type { IncomingMessage } from 'node:http';
import { register as registerEsmHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { markTracingSdkRunning } from './sdk-state';

let sdk: NodeSDK | undefined;

/** Probes every few seconds would be most of the spans and say nothing. */
const UNTRACED_PATHS = /^\/(?:health|metrics)(?:[/?]|$)/;

export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  // Checked again, with a one-line message, by loadConfig; a bad value here must not throw before it can say so.
  if (endpoint === undefined || !/^https?:\/\/[^/\s]/i.test(endpoint)) return;
  // Nest 12's platform-express is an ES module, and its `import express` does not pass through require()'s hook:
  // without this in-thread loader hook (Node >= 22.22.3, as package.json's engines ask) Express would stay untraced.
  if (supportsSyncHooks()) registerEsmHooks({ include: ['express', 'pg'] });
  // Set explicitly: left to itself, NodeSDK would default traces, metrics and logs each to an OTLP exporter.
  sdk = new NodeSDK({
    serviceName,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
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
      // The route and its handler; a span for each of the dozen middlewares would cost more than it tells.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Statement text only ($1, $2…); values are never recorded, as enhancedDatabaseReporting is off.
      new PgInstrumentation({ ignoreConnectSpans: true }),
    ],
  });
  sdk.start();
  markTracingSdkRunning(true);
}

/** Sends the spans still buffered; called as the process ends, and never holds the exit up for long. */
export async function stopTracing(timeoutMs = 2_000): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  markTracingSdkRunning(false);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    running.shutdown().catch(() => undefined),
    new Promise<void>((resolveLater) => (timer = setTimeout(resolveLater, timeoutMs))),
  ]);
  clearTimeout(timer);
}
