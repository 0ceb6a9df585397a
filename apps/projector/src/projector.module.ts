import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AUDIT_LOG, PostgresAuditLog } from '@samspar/access';
import { EventStoreModule, SQL_CLIENT } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { ParticipantRegistryModule, REFERRAL_EXPIRY_OPTIONS, ReferralExpiry } from '@samspar/journeys';
import { AppConfig, eventStoreConfigOf } from '@samspar/platform';
import { ConfigModule } from '@samspar/platform';
import { HealthModule } from '@samspar/platform';
import { loggerParams } from '@samspar/platform';
import { ProblemDetailsFilter, RequestDrain } from '@samspar/platform';
import { PrivacyModule, developmentKeys } from '@samspar/privacy';
import { ReadModelsModule } from '@samspar/read-models';
import { GALLRING_JOB_OPTIONS, GallringJob, GallringJobOptions } from './gallring.job';

/**
 * Runs the background work out of the api's process, for deployments with PROJECTIONS_IN_PROCESS=false:
 * referral expiry, the read models (one leader per read model, whichever process holds its lock), and
 * gallring every GALLRING_INTERVAL_HOURS.
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
        ParticipantRegistryModule.forRoot({ schema: config.databaseSchema }),
        // Gallring destroys participants' keys; the same keys as the api's.
        PrivacyModule.forRoot({ keys: config.privacyKeys ?? developmentKeys(config.dataDir), schema: config.databaseSchema }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Its health and metrics requests finish before the pools end.
        RequestDrain,
        { provide: APP_INTERCEPTOR, useExisting: RequestDrain },
        ReferralExpiry,
        { provide: REFERRAL_EXPIRY_OPTIONS, useValue: { enabled: true } },
        GallringJob,
        {
          provide: GALLRING_JOB_OPTIONS,
          useValue: {
            intervalHours: config.gallringIntervalHours,
            researchDays: config.gallringResearchDays,
          } satisfies GallringJobOptions,
        },
        // The log alone, not AuditModule: its admin routes have no sign-in here.
        {
          provide: AUDIT_LOG,
          useFactory: (sql: SqlClient) => PostgresAuditLog.open(sql, config.databaseSchema),
          inject: [SQL_CLIENT],
        },
      ],
    };
  }
}
