import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { closeJourneyDecider } from './close-journey';
import { CloseJourneyRequestDto } from './close-journey.request.dto';

const decider = closeJourneyDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class CloseJourneyController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/closing')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'closeJourney',
    summary: 'Close a journey, with the reason it ended',
    description: 'Closes a journey with the reason it ended; its exit status is recorded separately.',
  })
  close(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: CloseJourneyRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'CloseJourney', participantId, journeyId, reason: body.reason },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
