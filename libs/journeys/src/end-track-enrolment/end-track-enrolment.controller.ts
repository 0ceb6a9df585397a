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
import { endTrackEnrolmentDecider } from './end-track-enrolment';
import { EndTrackEnrolmentRequestDto } from './end-track-enrolment.request.dto';

const decider = endTrackEnrolmentDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class EndTrackEnrolmentController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/journeys/:journeyId/enrolments/:enrolmentId/end')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'End the participant’s enrolment in a track' })
  end(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('enrolmentId', new ParseUUIDPipe({ version: '4' })) enrolmentId: string,
    @Body() body: EndTrackEnrolmentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      { kind: 'EndTrackEnrolment', participantId, journeyId, enrolmentId },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
