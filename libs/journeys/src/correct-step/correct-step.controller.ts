import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { correctStepDecider } from './correct-step';
import { CorrectStepRequestDto } from './correct-step.request.dto';

const decider = correctStepDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class CorrectStepController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/corrections')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'correctStep',
    summary: 'Correct a wrongly recorded step; it stays in the history, marked as corrected',
    description:
      'Marks a step as recorded in error. stepEventId is one of the eventIds the command that recorded the step answered with (or an event id from the journey timeline); the step stays in the history, marked as corrected, and reports leave it out.',
  })
  correct(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: CorrectStepRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'CorrectStep', participantId, journeyId, stepEventId: body.stepEventId, reason: body.reason },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
