import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { reopenJourneyDecider } from './reopen-journey';
import { ReopenJourneyRequestDto } from './reopen-journey.request.dto';

const decider = reopenJourneyDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class ReopenJourneyController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/reopening')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'reopenJourney',
    summary: 'Re-open a closed journey',
    description: 'Re-opens a journey that was closed, for example by mistake; the closing stays in its history.',
  })
  reopen(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: ReopenJourneyRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'ReopenJourney', participantId, journeyId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
