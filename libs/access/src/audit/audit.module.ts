import { DynamicModule, Module } from '@nestjs/common';
import { SQL_CLIENT } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { AUDIT_LOG } from './audit-log';
import { AuditQueryController } from './audit-query.controller';
import { AuditTrail } from './audit-trail';
import { AuditInterceptor } from './audit.interceptor';
import { PostgresAuditLog } from './postgres-audit-log';
import { UserDirectory } from '../users/user-directory';

export interface AuditModuleOptions {
  /** Schema of `audit_log`; the api's database schema. */
  readonly schema: string;
}

/**
 * The audit log (AUDIT_LOG), the admin's query of it, and AuditInterceptor. Global, so that the sign-in
 * guard and any tool can record. The app registers the interceptor as APP_INTERCEPTOR and
 * AuditUnavailableFilter as APP_FILTER, so that the composition root shows their order.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: [AuditQueryController],
      providers: [
        {
          provide: PostgresAuditLog,
          useFactory: (sql: SqlClient) => PostgresAuditLog.open(sql, options.schema),
          inject: [SQL_CLIENT],
        },
        { provide: AUDIT_LOG, useExisting: PostgresAuditLog },
        AuditTrail,
        AuditInterceptor,
        // Beside the audit log, in the same schema: the sign-in guard keeps each user's display name.
        {
          provide: UserDirectory,
          useFactory: (sql: SqlClient) => UserDirectory.open(sql, options.schema),
          inject: [SQL_CLIENT],
        },
      ],
      exports: [AUDIT_LOG, AuditTrail, AuditInterceptor, UserDirectory],
    };
  }
}
