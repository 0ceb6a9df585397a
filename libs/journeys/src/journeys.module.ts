import { DynamicModule, Module } from '@nestjs/common';
import { AcceptReferralController } from './accept-referral/accept-referral.controller';
import { AssignCaseworkerController } from './assign-caseworker/assign-caseworker.controller';
import { CloseJourneyController } from './close-journey/close-journey.controller';
import { CompleteInterventionController } from './complete-intervention/complete-intervention.controller';
import { CorrectStepController } from './correct-step/correct-step.controller';
import { DeclineReferralController } from './decline-referral/decline-referral.controller';
import { EndTrackEnrolmentController } from './end-track-enrolment/end-track-enrolment.controller';
import { EnrolInTrackController } from './enrol-in-track/enrol-in-track.controller';
import { InterruptInterventionController } from './interrupt-intervention/interrupt-intervention.controller';
import { OpenJourneyController } from './open-journey/open-journey.controller';
import { PlanInterventionController } from './plan-intervention/plan-intervention.controller';
import { RecordConsentController } from './record-consent/record-consent.controller';
import { RecordLabourMarketStatusController } from './record-labour-market-status/record-labour-market-status.controller';
import { ReferParticipantController } from './refer-participant/refer-participant.controller';
import { RegisterParticipantController } from './register-participant/register-participant.controller';
import { ParticipantRegistration } from './register-participant/register-participant.service';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { CommandHandler, StreamStateCache } from './command-handling';
import { CatalogueCommands, ParticipantCommands } from './http/commands';
import { registerCommandCacheMetrics } from './http/command-cache-metrics';
import { COMMAND_HANDLER, REFERRAL_EXPIRY_OPTIONS } from './journeys.tokens';
import { ParticipantRegistryModule } from './participant-registry.module';
import { ReopenJourneyController } from './reopen-journey/reopen-journey.controller';
import { StartInterventionController } from './start-intervention/start-intervention.controller';
import { WithdrawConsentController } from './withdraw-consent/withdraw-consent.controller';
import { WithdrawReferralController } from './withdraw-referral/withdraw-referral.controller';
import { AddUnitController } from './add-unit/add-unit.controller';
import { ReferralExpiry } from './expire-referral/referral-expiry';
import { DefineTrackController } from './define-track/define-track.controller';
import { ReadParticipantController } from './read-participant/read-participant.controller';
import { RegisterOrganisationController } from './register-organisation/register-organisation.controller';
import { RetireTrackController } from './retire-track/retire-track.controller';
import { ReviseTrackController } from './revise-track/revise-track.controller';

export interface JourneysModuleOptions {
  /** The event store's schema: the registry's lookup tables live beside the events. */
  readonly schema: string;
  /** Expire unanswered referrals at their deadline in this process (default true). */
  readonly expireReferrals?: boolean;
  /** How many streams' folded state the command handler keeps (default 10,000; 0 none). */
  readonly commandCacheStreams?: number;
}

/**
 * The catalogue and the participant's commands and reads over HTTP. Needs EventStoreModule (global) for the store and SQL client,
 * and PrivacyModule (global) for the key vault and lookup hasher.
 */
@Module({})
export class JourneysModule {
  static forRoot(options: JourneysModuleOptions): DynamicModule {
    return {
      module: JourneysModule,
      imports: [ParticipantRegistryModule.forRoot({ schema: options.schema })],
      controllers: [
        RegisterOrganisationController,
        AddUnitController,
        DefineTrackController,
        ReviseTrackController,
        RetireTrackController,
        ReadParticipantController,
        RegisterParticipantController,
        RecordConsentController,
        WithdrawConsentController,
        ReferParticipantController,
        AcceptReferralController,
        DeclineReferralController,
        WithdrawReferralController,
        OpenJourneyController,
        AssignCaseworkerController,
        EnrolInTrackController,
        EndTrackEnrolmentController,
        PlanInterventionController,
        StartInterventionController,
        CompleteInterventionController,
        InterruptInterventionController,
        RecordLabourMarketStatusController,
        CloseJourneyController,
        ReopenJourneyController,
        CorrectStepController,
      ],
      providers: [
        {
          provide: COMMAND_HANDLER,
          useFactory: (store: EventStore) => {
            const cache = new StreamStateCache(options.commandCacheStreams ?? 10_000);
            registerCommandCacheMetrics(cache);
            return new CommandHandler(store, cache);
          },
          inject: [EVENT_STORE],
        },
        ParticipantCommands,
        CatalogueCommands,
        ParticipantRegistration,
        ReferralExpiry,
        { provide: REFERRAL_EXPIRY_OPTIONS, useValue: { enabled: options.expireReferrals ?? true } },
      ],
      exports: [ParticipantRegistration, ParticipantRegistryModule, COMMAND_HANDLER],
    };
  }
}
