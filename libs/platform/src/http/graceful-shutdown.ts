import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import type {
  CallHandler,
  ExecutionContext,
  INestApplication,
  LoggerService,
  NestInterceptor,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable, defer, finalize } from 'rxjs';

export interface GracefulShutdownOptions {
  /** How long requests in flight may take to finish before their connections are cut. */
  readonly drainMs: number;
  /** Reports how the process ended; `process.exit` in main.ts. */
  readonly exit: (code: number) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Kubernetes waits 30 s after SIGTERM before SIGKILL; the drain ends well inside it. */
export const DEFAULT_DRAIN_MS = 20_000;

/**
 * The requests an api is answering, so that a stop lets them finish before anything they need closes.
 *
 * Nest's close runs onModuleDestroy, then beforeApplicationShutdown, then cuts the listener's connections, then
 * onApplicationShutdown, where the pools end. A request still running when its connection was cut went on, and
 * found its pool gone: its audit rows were lost. So the drain is an onModuleDestroy hook, and every `app.close()`
 * (a signal, a test, a benchmark) drains first; the audit trail then waits for the outcome rows it was given.
 * A connection's close does not end a request: a client that gives up leaves its command running, and that
 * command's rows need the pools as much as any other. So RequestDrain is also a global interceptor (registered
 * first, so that it wraps the others) and waits for every handler that runs, whether or not anyone still listens.
 */
@Injectable()
export class RequestDrain implements OnApplicationBootstrap, OnModuleDestroy, NestInterceptor {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<ServerResponse>();
  /** Handlers running now, those whose client has gone included. */
  private handlers = 0;
  private server: Server | undefined;
  private stopping: Promise<void> | undefined;
  private drainMs = DEFAULT_DRAIN_MS;

  constructor(private readonly host: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.host.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.on !== 'function') return;
    this.server = server;
    server.on('request', (request, response: ServerResponse) => {
      if (isEventStream(request)) return;
      // A request on a keep-alive connection that arrives while stopping is still answered, then the connection closes.
      if (this.stopping) response.setHeader('Connection', 'close');
      this.inFlight.add(response);
      response.once('close', () => this.inFlight.delete(response));
    });
  }

  /** Counts the handler from its start to its end, which a client that goes away does not hasten. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      Reflect.getMetadata(SSE_METADATA, context.getHandler()) === true ||
      isEventStream(context.switchToHttp().getRequest<IncomingMessage>())
    ) {
      return next.handle();
    }
    return defer(() => {
      this.handlers += 1;
      return next.handle().pipe(finalize(() => (this.handlers -= 1)));
    });
  }

  /** Requests being answered now, and handlers still running for clients that have gone. */
  get size(): number {
    return Math.max(this.inFlight.size, this.handlers);
  }

  onModuleDestroy(): Promise<void> {
    return this.drain();
  }

  /** Stops taking connections and waits, at most `drainMs`, for every request in flight to be answered. */
  drain(drainMs = this.drainMs): Promise<void> {
    this.drainMs = drainMs;
    this.stopping ??= this.run();
    return this.stopping;
  }

  private async run(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + this.drainMs;
    while (this.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.closeIdleConnections();
    }
    if (this.size > 0) {
      this.logger.warn(
        { unfinished: this.size, drainMs: this.drainMs },
        'Requests still running at the drain deadline were cut off',
      );
    }
    server.closeAllConnections();
    await closed;
  }
}

/**
 * On SIGTERM or SIGINT: stop taking connections, let every request in flight finish (its audit rows are written
 * before its answer), cut what is left (event streams, idle keep-alive connections), and only then close the
 * application, whose hooks stop the projections and end the pools. The drain is RequestDrain's, which every
 * `app.close()` runs.
 */
export function stopGracefully(app: INestApplication, logger: LoggerService, options: GracefulShutdownOptions): void {
  const drain = app.get(RequestDrain, { strict: false });
  let stopping = false;

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(
      { signal, inFlight: drain.size },
      'Samspår is stopping: no new connections; finishing requests in flight',
      'Shutdown',
    );
    try {
      await drain.drain(options.drainMs);
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'Samspår could not close cleanly', 'Shutdown');
      options.exit(1);
      return;
    }
    logger.log({ signal }, 'Samspår stopped', 'Shutdown');
    options.exit(0);
  };

  for (const signal of SIGNALS) process.once(signal, (received: NodeJS.Signals) => void stop(received));
}

/** An event stream never finishes by itself; it is cut with the idle connections. */
function isEventStream(request: IncomingMessage): boolean {
  return String(request.headers.accept ?? '').includes('text/event-stream');
}
