import type { Server, ServerResponse } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';

export interface GracefulShutdownOptions {
  /** How long requests in flight may take to finish before their connections are cut. */
  readonly drainMs: number;
  /** Reports how the process ended; `process.exit` in main.ts. */
  readonly exit: (code: number) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Stops in the order that loses nothing: stop taking connections, let every request in flight finish (its audit
 * rows are written before its answer), cut what is left (event streams, idle keep-alive connections), and only
 * then close the application, whose hooks stop the projections and end the pools.
 *
 * Nest's own shutdown hooks end the pools first and the listener last, so a request in flight lost its pool.
 */
export function stopGracefully(app: INestApplication, logger: LoggerService, options: GracefulShutdownOptions): void {
  const server = app.getHttpServer() as Server;
  const inFlight = new Set<ServerResponse>();
  let stopping = false;

  server.on('request', (request, response: ServerResponse) => {
    // An event stream never finishes by itself; it is cut with the idle connections.
    if (String(request.headers.accept ?? '').includes('text/event-stream')) return;
    // A request on a keep-alive connection that arrives while stopping is still answered, then the connection closes.
    if (stopping) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(
      { signal, inFlight: inFlight.size },
      'Samspår is stopping: no new connections; finishing requests in flight',
      'Shutdown',
    );
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + options.drainMs;
    while (inFlight.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.closeIdleConnections();
    }
    if (inFlight.size > 0) {
      logger.warn(
        { unfinished: inFlight.size, drainMs: options.drainMs },
        'Requests still running at the drain deadline were cut off',
        'Shutdown',
      );
    }
    server.closeAllConnections();
    await closed;
    try {
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
