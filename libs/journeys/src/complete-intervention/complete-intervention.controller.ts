import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { runCommand } from '../http/run-command';
import { participantStreamName } from '../participant';
import { completeInterventionDecider } from './complete-intervention';
import { CompleteInterventionRequestDto } from './complete-intervention.request.dto';

const decider = completeInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('intervention-progress')
@Controller('api/v1/participants')
export class CompleteInterventionController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/journeys/:journeyId/interventions/:interventionId/completion')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Complete a started intervention' })
  complete(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('interventionId', new ParseUUIDPipe({ version: '4' })) interventionId: string,
    @Body() body: CompleteInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      { kind: 'CompleteIntervention', participantId, journeyId, interventionId },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
