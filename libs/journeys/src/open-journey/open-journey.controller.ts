import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { openJourneyDecider } from './open-journey';
import { OpenJourneyRequestDto } from './open-journey.request.dto';

const decider = openJourneyDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('participant-record')
@Controller('api/v1/participants')
export class OpenJourneyController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'openJourney',
    summary: 'Open a journey for the participant',
    description:
      'Opens a journey owned by the caller’s organisation; the journey id is chosen by the client, so a retry cannot open two.',
  })
  open(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Body() body: OpenJourneyRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'OpenJourney', participantId, journeyId: body.journeyId, organisationId: body.organisationId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
