import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { interruptInterventionDecider } from './interrupt-intervention';
import { InterruptInterventionRequestDto } from './interrupt-intervention.request.dto';

const decider = interruptInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('intervention-progress')
@Controller('api/v1/participants')
export class InterruptInterventionController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/interventions/:interventionId/interruption')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'interruptIntervention',
    summary: 'Interrupt a started intervention, with a reason',
    description: 'Records that a started intervention was interrupted, with a reason from a fixed list.',
  })
  interrupt(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('interventionId', new ParseUUIDPipe({ version: '4' })) interventionId: string,
    @Body() body: InterruptInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'InterruptIntervention', participantId, journeyId, interventionId, reason: body.reason },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
