// First: tracing instruments http, express, pg and pino as they load (CommonJS keeps this order).
import './tracing';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { describeDatabase, loadConfigOrExit, stopGracefully, DEFAULT_DRAIN_MS } from '@samspar/platform';
import { stopTracing } from '@samspar/platform/tracing';
import { bootLogger, loggerParams } from '@samspar/platform';
import { ProjectorModule } from './projector.module';
import { DataDirInUseError } from '@samspar/event-store';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(process.env, { port: 3001 });
  if (!config.databaseUrl) {
    // PGlite keeps its files to one process; a second one beside the api would corrupt them.
    process.stderr.write(
      'Samspår cannot start: DATABASE_URL is not set, but the projector needs a PostgreSQL server it can share with the api; ' +
        'set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE, or run only the api with PROJECTIONS_IN_PROCESS=true.\n',
    );
    process.exit(1);
  }
  const logger = bootLogger(loggerParams({ level: config.logLevel, service: 'samspar-projector' }));
  try {
    const app = await NestFactory.create<NestExpressApplication>(ProjectorModule.forRoot(config), {
      logger,
      abortOnError: false,
      bodyParser: false,
    });
    app.useLogger(app.get(Logger));
    app.disable('x-powered-by');
    stopGracefully(app, logger, {
      drainMs: DEFAULT_DRAIN_MS,
      exit: (code) => void stopTracing().finally(() => process.exit(code)),
    });
    await app.listen(config.port);
    logger.log(
      { port: config.port, eventStore: config.eventStore, database: describeDatabase(config) },
      'Samspår projector is ready: it builds the read models it leads, expires unanswered referrals and runs gallring',
      'Bootstrap',
    );
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'Samspår projector could not start', 'Bootstrap');
    process.exit(1);
  }
}

void bootstrap();
