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
import { openJourneyDecider } from './open-journey';
import { OpenJourneyRequestDto } from './open-journey.request.dto';

const decider = openJourneyDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('participant-record')
@Controller('api/v1/participants')
export class OpenJourneyController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/journeys')
  @HttpCode(201)
  @Command()
  @ApiOperation({ summary: 'Open a journey for the participant' })
  open(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Body() body: OpenJourneyRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      { kind: 'OpenJourney', participantId, journeyId: body.journeyId, organisationId: body.organisationId },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
