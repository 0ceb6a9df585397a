// First: tracing instruments http, express, pg and pino as they load (CommonJS keeps this order).
import './tracing';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { DataDirInUseError, PGliteSqlClient, SQL_CLIENT } from '@samspar/event-store';
import { describeDatabase, loadConfigOrExit, stopGracefully, DEFAULT_DRAIN_MS } from '@samspar/platform';
import { stopTracing } from '@samspar/platform/tracing';
import { configureHttp } from './http/configure-http';
import { bootLogger, loggerParams } from '@samspar/platform';

async function bootstrap(): Promise<void> {
  // Before Nest: a bad environment must end the process with one plain line, not a stack.
  const config = loadConfigOrExit(process.env);
  const logger = bootLogger(loggerParams({ level: config.logLevel, service: 'samspar-api' }));
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      logger,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    configureHttp(app, { ...(config.auth ? { issuer: config.auth.issuer } : {}) });
    stopGracefully(app, logger, {
      drainMs: DEFAULT_DRAIN_MS,
      exit: (code) => void stopTracing().finally(() => process.exit(code)),
    });
    const socket = await serveEmbeddedDatabase(app, logger);
    await app.listen(config.port);
    if (config.developmentSignInInProduction) {
      logger.warn(
        { variable: 'AUTH_DEVELOPMENT_SIGN_IN' },
        'DEVELOPMENT SIGN-IN IN PRODUCTION: anyone who can read DATA_DIR can sign tokens for any role and organisation. ' +
          'For a trial only; for real data unset AUTH_DEVELOPMENT_SIGN_IN and set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE.',
        'Bootstrap',
      );
    }
    logger.log(
      {
        port: config.port,
        eventStore: config.eventStore,
        database: describeDatabase(config),
        projectionsInProcess: config.projectionsInProcess,
        ...(socket ? { socket } : {}),
      },
      'Samspår api is listening',
      'Bootstrap',
    );
  } catch (error) {
    // Someone started a second process on the same embedded database: say so in one line, as for bad settings.
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'Samspår api could not start', 'Bootstrap');
    process.exit(1);
  }
}

/**
 * On the embedded PGlite, the api owns the database files; the CLI reaches the same data through a Unix socket
 * in DATA_DIR, which closes with the app. Without it the CLI refuses, as before, and the api runs on.
 */
async function serveEmbeddedDatabase(
  app: NestExpressApplication,
  logger: ReturnType<typeof bootLogger>,
): Promise<string | undefined> {
  const sql = app.get<unknown>(SQL_CLIENT);
  if (!(sql instanceof PGliteSqlClient)) return undefined;
  try {
    return await sql.serve();
  } catch (error) {
    logger.warn({ err: error }, 'The embedded database is not served to the CLI; stop the api to run CLI commands', 'Bootstrap');
    return undefined;
  }
}

void bootstrap();
