import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule, AuthGuard, UnauthenticatedFilter } from '@samspar/access';
import { AuditInterceptor, AuditModule, AuditUnavailableFilter } from '@samspar/access';
import { principalOf } from '@samspar/access';
import { EventStoreModule } from '@samspar/event-store';
import { AppConfig, eventStoreConfigOf } from '@samspar/platform';
import { CommandsModule } from '@samspar/platform';
import { ConfigModule } from '@samspar/platform';
import { HealthModule } from '@samspar/platform';
import { loggerParams } from '@samspar/platform';
import { ProblemDetailsFilter, RequestDrain } from '@samspar/platform';
import { createValidationPipe } from '@samspar/platform';
import { EvaluationModule } from '@samspar/evaluation';
import { JourneysModule } from '@samspar/journeys';
import { PrivacyModule, developmentKeys } from '@samspar/privacy';
import { ReadModelsModule } from '@samspar/read-models';
import { UserThrottlerGuard, rateLimitModule } from './http/rate-limit';
import { demoAccounts } from './http/dev-accounts';
import { webAppModules } from './http/web-app';

/** The api's composition root. It takes the configuration, already validated, from main.ts or a test. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams({ level: config.logLevel, service: 'samspar-api' })),
        EventStoreModule.forRoot(eventStoreConfigOf(config)),
        HealthModule,
        AccessModule.forRoot(
          config.auth
            ? { mode: 'identity-provider', ...config.auth }
            : { mode: 'development', dataDir: config.dataDir, accounts: demoAccounts() },
        ),
        // Every command and read of personal data, and every denial, in an append-only table.
        AuditModule.forRoot({ schema: config.databaseSchema }),
        // Personal data is sealed per participant; development keys live under DATA_DIR.
        PrivacyModule.forRoot({
          keys: config.privacyKeys ?? developmentKeys(config.dataDir),
          schema: config.databaseSchema,
        }),
        JourneysModule.forRoot({
          schema: config.databaseSchema,
          expireReferrals: config.projectionsInProcess,
          commandCacheStreams: config.commandCacheStreams,
        }),
        EvaluationModule,
        ReadModelsModule.forRoot({ schema: config.databaseSchema, runProjections: config.projectionsInProcess, http: true }),
        // Idempotency-Key, ETag and X-Global-Position for @Command() routes.
        CommandsModule.forRoot({ callerOf: (request) => principalOf(request)?.userId }),
        rateLimitModule(config),
        // The web app's build, at /, when there is one (npm run build makes it; the tests run without).
        ...webAppModules(),
      ],
      providers: [
        // Every app.close() lets the requests in flight finish before the pools end.
        RequestDrain,
        // First, so that it wraps the other interceptors: a handler counts until the audit has its outcome.
        { provide: APP_INTERCEPTOR, useExisting: RequestDrain },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // After the catch-all: Nest tries the global filter registered last first.
        { provide: APP_FILTER, useClass: UnauthenticatedFilter },
        { provide: APP_FILTER, useClass: AuditUnavailableFilter },
        // Every route needs a token unless it is @Public().
        { provide: APP_GUARD, useExisting: AuthGuard },
        // After AuthGuard (global guards run in the order given), so that the limit is per signed-in user.
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
        // The root module's interceptors come before CommandsModule's, so the audit sees replays and 409/422 too.
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
      ],
    };
  }
}
