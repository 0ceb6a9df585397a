import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DevSigningKey, loadOrCreateDevSigningKey } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { bootLogger, loadConfig, loggerParams } from '@samspar/platform';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http/configure-http';

export interface RunningApi {
  readonly baseUrl: string;
  readonly store: EventStore;
  /** The key the api made in its DATA_DIR, as `npm run token` uses it. */
  readonly devKey: DevSigningKey;
  close(): Promise<void>;
}

/**
 * The api as apps/api/src/main.ts composes it (AppModule, pino, configureHttp), in development
 * sign-in, on a free loopback port. The environment is built here, not inherited, so that stray
 * AUTH_* or NODE_ENV settings cannot change what is measured.
 */
export async function startSamsparApi(
  databaseUrl: string,
  logLevel: string,
  /** Further settings, e.g. PROJECTIONS_IN_PROCESS. */
  env: Readonly<Record<string, string>> = {},
): Promise<RunningApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-bench-api-'));
  // The key files are removed even when Ctrl-C ends the process before close() runs.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  let app: NestExpressApplication | undefined;
  try {
    const config = loadConfig({ ...env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: logLevel });
    const logger = bootLogger(loggerParams({ level: config.logLevel, service: 'samspar-api' }));
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false });
    app.useLogger(app.get(Logger));
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const running = app;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      store: app.get<EventStore>(EVENT_STORE),
      devKey: await loadOrCreateDevSigningKey(dataDir),
      async close() {
        try {
          await running.close();
        } finally {
          removeDataDir();
          process.off('exit', removeDataDir);
        }
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    removeDataDir();
    process.off('exit', removeDataDir);
    throw error;
  }
}
