import { Module } from '@nestjs/common';
import { EvaluationEventsController } from './export/evaluation-events.controller';
import { ReplayJourneyController } from './replay/replay-journey.controller';

/**
 * What evaluators read: the pseudonymised event log and a journey's history, both limited to what the
 * organisations in their sign-in own, both through one allow-list. Needs EventStoreModule and PrivacyModule.
 */
@Module({ controllers: [ReplayJourneyController, EvaluationEventsController] })
export class EvaluationModule {}
