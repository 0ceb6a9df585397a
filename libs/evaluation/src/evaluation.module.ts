import { Module } from '@nestjs/common';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { PSEUDONYMISER } from '@samspar/privacy';
import type { Pseudonymiser } from '@samspar/privacy';
import { JourneyReads } from './replay/journey-reads';
import { registerJourneyReadsMetrics } from './replay/journey-reads-metrics';
import { EvaluationEventsController } from './export/evaluation-events.controller';
import { ReplayJourneyController } from './replay/replay-journey.controller';

/**
 * What evaluators read: the pseudonymised event log and a journey's history, both limited to what the
 * organisations in their sign-in own, both through one allow-list. Needs EventStoreModule and PrivacyModule.
 */
@Module({
  controllers: [ReplayJourneyController, EvaluationEventsController],
  providers: [
    {
      provide: JourneyReads,
      useFactory: (store: EventStore, pseudonymiser: Pseudonymiser) => {
        const reads = new JourneyReads(store, pseudonymiser);
        registerJourneyReadsMetrics(reads);
        return reads;
      },
      inject: [EVENT_STORE, PSEUDONYMISER],
    },
  ],
})
export class EvaluationModule {}
