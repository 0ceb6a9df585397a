import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { startInterventionDecider } from './start-intervention';
import { StartInterventionRequestDto } from './start-intervention.request.dto';

const decider = startInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('intervention-progress')
@Controller('api/v1/participants')
export class StartInterventionController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/interventions/:interventionId/start')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'startIntervention',
    summary: 'Start a planned intervention',
    description: 'Starts an intervention that was planned on this journey.',
  })
  start(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('interventionId', new ParseUUIDPipe({ version: '4' })) interventionId: string,
    @Body() body: StartInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'StartIntervention', participantId, journeyId, interventionId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
