import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { DataDirInUseError } from '@samspar/event-store';
import { describeDatabase, loadConfigOrExit, stopGracefully } from '@samspar/platform';
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
    // Kubernetes waits 30 s after SIGTERM before SIGKILL; the drain ends well inside it.
    stopGracefully(app, logger, { drainMs: 20_000, exit: (code) => process.exit(code) });
    await app.listen(config.port);
    logger.log(
      {
        port: config.port,
        eventStore: config.eventStore,
        database: describeDatabase(config),
        projectionsInProcess: config.projectionsInProcess,
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

void bootstrap();
