import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { EventStoreModule } from '@samspar/event-store';
import { REFERRAL_EXPIRY_OPTIONS, ReferralExpiry } from '@samspar/journeys';
import { AppConfig, eventStoreConfigOf } from '@samspar/platform';
import { ConfigModule } from '@samspar/platform';
import { HealthModule } from '@samspar/platform';
import { loggerParams } from '@samspar/platform';
import { ProblemDetailsFilter } from '@samspar/platform';
import { ReadModelsModule } from '@samspar/read-models';

/**
 * Runs the background work out of the api's process, for deployments with PROJECTIONS_IN_PROCESS=false:
 * referral expiry and the read models (one leader per read model, whichever process holds its lock).
 */
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
        ReadModelsModule.forRoot({ schema: config.databaseSchema, runProjections: true, http: false }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ReferralExpiry,
        { provide: REFERRAL_EXPIRY_OPTIONS, useValue: { enabled: true } },
      ],
    };
  }
}
