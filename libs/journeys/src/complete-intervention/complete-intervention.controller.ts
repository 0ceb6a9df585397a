import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { completeInterventionDecider } from './complete-intervention';
import { CompleteInterventionRequestDto } from './complete-intervention.request.dto';

const decider = completeInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('intervention-progress')
@Controller('api/v1/participants')
export class CompleteInterventionController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/interventions/:interventionId/completion')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'completeIntervention',
    summary: 'Complete a started intervention',
    description: 'Records that a started intervention was completed.',
  })
  complete(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('interventionId', new ParseUUIDPipe({ version: '4' })) interventionId: string,
    @Body() body: CompleteInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'CompleteIntervention', participantId, journeyId, interventionId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
