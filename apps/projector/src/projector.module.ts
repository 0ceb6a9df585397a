import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { EventStoreModule } from '@samspar/event-store';
// Shared with the api until they move into a lib of their own (see the dependency rules).
import { AppConfig, eventStoreConfigOf } from '@samspar/platform';
import { ConfigModule } from '@samspar/platform';
import { HealthModule } from '@samspar/platform';
import { loggerParams } from '@samspar/platform';
import { ProblemDetailsFilter } from '@samspar/platform';

/** Runs the projections out of the api's process. The read models arrive with their own modules. */
@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams({ level: config.logLevel, service: 'samspar-projector' })),
        EventStoreModule.forRoot(eventStoreConfigOf(config)),
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
