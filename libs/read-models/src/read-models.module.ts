import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, SQL_CLIENT } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { ReadModelsAdminController } from './admin/read-models-admin.controller';
import { CatalogueController } from './catalogue/catalogue.controller';
import { WorkListsController } from './work-lists/work-lists.controller';
import { OPERATIONS_REPORT_CONTROLLERS } from './operations-reports';
import { OUTCOME_REPORT_CONTROLLERS } from './outcome-reports';
import { RECORD_KEYS } from '@samspar/privacy';
import type { RecordKeys } from '@samspar/privacy';
import { readModelProjections } from './projections';
import { PROJECTION_RUNNERS, READ_MODEL_REGISTRY } from './read-models.tokens';
import { ProjectionRunner } from './runner/projection-runner';
import { ReadModelRegistry } from './runner/read-model-registry';
import { ReadModels } from './runner/read-models.service';
import { ReadModelsHealth } from './runner/read-models.health';
import { HEALTH_DETAILS } from '@samspar/platform';
import { registerReadModelMetrics } from './runner/read-model-metrics';

export interface ReadModelsModuleOptions {
  /** The event store's schema; read-model schemas are named after it. */
  readonly schema: string;
  /** Run the projections in this process (the api by default, the projector always). */
  readonly runProjections: boolean;
  /** Serve the report and admin routes; the projector, which has no sign-in, does not. */
  readonly http: boolean;
}

const READ_MODELS_OPTIONS = Symbol('READ_MODELS_OPTIONS');

@Injectable()
class ReadModelsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsModuleOptions,
    @Inject(READ_MODEL_REGISTRY) private readonly registry: ReadModelRegistry,
    @Inject(PROJECTION_RUNNERS) private readonly runners: readonly ProjectionRunner[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.migrate();
    registerReadModelMetrics(this.runners);
    if (this.options.runProjections) for (const runner of this.runners) runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}

@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsModuleOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      controllers: options.http
        ? [
            ReadModelsAdminController,
            CatalogueController,
            WorkListsController,
            ...OUTCOME_REPORT_CONTROLLERS,
            ...OPERATIONS_REPORT_CONTROLLERS,
          ]
        : [],
      providers: [
        { provide: READ_MODELS_OPTIONS, useValue: options },
        {
          provide: READ_MODEL_REGISTRY,
          useFactory: (sql: SqlClient) => new ReadModelRegistry(sql, options.schema),
          inject: [SQL_CLIENT],
        },
        {
          provide: PROJECTION_RUNNERS,
          useFactory: (store: EventStore, registry: ReadModelRegistry, recordKeys: RecordKeys) => {
            const logger = new Logger('ReadModels');
            return readModelProjections(recordKeys).map(
              (projection) => new ProjectionRunner(store, registry, projection, { logger }),
            );
          },
          // PrivacyModule (global) holds the keys the record keys derive from.
          inject: [EVENT_STORE, READ_MODEL_REGISTRY, RECORD_KEYS],
        },
        ReadModels,
        ReadModelsLifecycle,
        { provide: HEALTH_DETAILS, useClass: ReadModelsHealth },
      ],
      exports: [ReadModels, READ_MODEL_REGISTRY, PROJECTION_RUNNERS],
    };
  }
}
