import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EVENT_STORE_CONFIG, REPORTS_SQL_CLIENT, SQL_CLIENT } from './event-store.tokens';
import type { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { PGliteSqlClient, PgSqlClient } from './postgres/sql-client';
import type { SqlClient } from './postgres/sql-client';
import { Upcasters } from './upcasting';

export interface EventStoreModuleConfig {
  /** Where the events live. Read models always live in PostgreSQL or PGlite. */
  readonly eventStore: 'postgres' | 'eventstoredb';
  /** PostgreSQL server; when unset, PGlite runs in process on `dataDir`. */
  readonly databaseUrl?: string;
  /** PGlite's data directory. Defaults to `./data/pglite`. */
  readonly dataDir?: string;
  /** Schema of the event tables on PostgreSQL/PGlite. Defaults to `samspar`. */
  readonly schema?: string;
  /** `esdb://…`; required when `eventStore` is `eventstoredb`. */
  readonly connectionString?: string;
  readonly upcasters?: Upcasters;
  /** A hot standby of `databaseUrl` for report and list queries; unset means they read the primary. */
  readonly reportsDatabaseUrl?: string;
}

export const DEFAULT_PGLITE_DIR = './data/pglite';

/** Opens the read side's SQL connection; also used by tools that run without Nest. */
export async function openSqlClient(config: EventStoreModuleConfig): Promise<SqlClient> {
  if (config.databaseUrl) return PgSqlClient.connect(config.databaseUrl);
  return PGliteSqlClient.open(config.dataDir ?? DEFAULT_PGLITE_DIR);
}

/** Opens the configured adapter. On PostgreSQL/PGlite this migrates the schema first. */
export async function openEventStore(config: EventStoreModuleConfig, sql: SqlClient): Promise<EventStore> {
  switch (config.eventStore) {
    case 'postgres':
      return PostgresEventStore.create({
        sql,
        ...(config.schema ? { schema: config.schema } : {}),
        ...(config.upcasters ? { upcasters: config.upcasters } : {}),
      });
    case 'eventstoredb':
      if (!config.connectionString) throw new Error('The eventstoredb event store needs a connection string (esdb://…)');
      return EventStoreDbEventStore.connect({ connectionString: config.connectionString });
    default: {
      const unknown: never = config.eventStore;
      throw new Error(`Unknown event store ${String(unknown)}`);
    }
  }
}

/**
 * The connection report and list queries read through: the standby; else, on PostgreSQL, a pool of its own on the
 * primary, whose sessions plan each query for its filters; on PGlite, the read side's own connection.
 */
export function openReportsSqlClient(config: EventStoreModuleConfig, primary: SqlClient): SqlClient {
  if (config.reportsDatabaseUrl) {
    // Read-only on the session as well: a query that tried to write would fail on the standby anyway, but say so here.
    return PgSqlClient.connect(config.reportsDatabaseUrl, {
      applicationName: 'samspar-reports',
      readOnly: true,
      customPlans: true,
    });
  }
  if (!config.databaseUrl) return primary;
  // Connections open as reports need them (and close when idle): each report or list is one query.
  return PgSqlClient.connect(config.databaseUrl, { applicationName: 'samspar-reports', customPlans: true, max: 8 });
}

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(REPORTS_SQL_CLIENT) private readonly reports: SqlClient,
  ) {}

  // The last shutdown phase: projections and controllers stop in the earlier ones, while they may still read.
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      if (this.reports !== this.sql) await this.reports.close();
      await this.sql.close();
    }
  }
}

@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreModuleConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EVENT_STORE_CONFIG, useValue: config },
        { provide: SQL_CLIENT, useFactory: () => openSqlClient(config) },
        {
          provide: REPORTS_SQL_CLIENT,
          useFactory: (sql: SqlClient) => openReportsSqlClient(config, sql),
          inject: [SQL_CLIENT],
        },
        {
          provide: EVENT_STORE,
          useFactory: (sql: SqlClient) => openEventStore(config, sql),
          inject: [SQL_CLIENT],
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE_CONFIG, SQL_CLIENT, REPORTS_SQL_CLIENT, EVENT_STORE],
    };
  }
}
