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

/**
 * Runs the background work out of the api's process, for deployments with PROJECTIONS_IN_PROCESS=false:
 * referral expiry now, the read models when they arrive.
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
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ReferralExpiry,
        { provide: REFERRAL_EXPIRY_OPTIONS, useValue: { enabled: true } },
      ],
    };
  }
}
