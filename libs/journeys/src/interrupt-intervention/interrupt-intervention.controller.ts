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
import { interruptInterventionDecider } from './interrupt-intervention';
import { InterruptInterventionRequestDto } from './interrupt-intervention.request.dto';

const decider = interruptInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('intervention-progress')
@Controller('api/v1/participants')
export class InterruptInterventionController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/journeys/:journeyId/interventions/:interventionId/interruption')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Interrupt a started intervention, with a reason' })
  interrupt(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('interventionId', new ParseUUIDPipe({ version: '4' })) interventionId: string,
    @Body() body: InterruptInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      { kind: 'InterruptIntervention', participantId, journeyId, interventionId, reason: body.reason },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
