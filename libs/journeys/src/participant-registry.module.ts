import { DynamicModule, Module } from '@nestjs/common';
import { SQL_CLIENT } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { PARTICIPANT_REGISTRY } from './journeys.tokens';
import { ParticipantRegistry } from './participant-registry';

/** The participant registry on the event store's database, for the api and the projector alike. */
@Module({})
export class ParticipantRegistryModule {
  static forRoot(options: { readonly schema: string }): DynamicModule {
    return {
      module: ParticipantRegistryModule,
      providers: [
        {
          provide: PARTICIPANT_REGISTRY,
          useFactory: (sql: SqlClient) => ParticipantRegistry.create(sql, options.schema),
          inject: [SQL_CLIENT],
        },
      ],
      exports: [PARTICIPANT_REGISTRY],
    };
  }
}
