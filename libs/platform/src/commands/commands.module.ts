import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EVENT_STORE_CONFIG, SQL_CLIENT } from '@samspar/event-store';
import type { EventStoreModuleConfig, SqlClient } from '@samspar/event-store';
import { COMMAND_CALLER, CommandInterceptor } from './command.interceptor';
import { CallerOf, principalUserIdOf } from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';

export interface CommandsModuleOptions {
  /** Who sent a request, so that callers never share keys. Defaults to `request.principal.userId`. */
  readonly callerOf?: CallerOf;
}

/**
 * Makes `@Command()` routes idempotent and gives them ETag and X-Global-Position. Import it once,
 * in the app's root module: the interceptor it registers is global, and reads pass through it.
 * Needs EventStoreModule (global) for the SQL client and schema.
 */
@Module({})
export class CommandsModule {
  static forRoot(options: CommandsModuleOptions = {}): DynamicModule {
    return {
      module: CommandsModule,
      providers: [
        { provide: COMMAND_CALLER, useValue: options.callerOf ?? principalUserIdOf },
        {
          provide: IdempotencyStore,
          useFactory: (sql: SqlClient, config: EventStoreModuleConfig) => IdempotencyStore.open(sql, config.schema ?? 'samspar'),
          inject: [SQL_CLIENT, EVENT_STORE_CONFIG],
        },
        { provide: APP_INTERCEPTOR, useClass: CommandInterceptor },
      ],
      exports: [IdempotencyStore],
    };
  }
}
