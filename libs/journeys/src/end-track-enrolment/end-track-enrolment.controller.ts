import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { endTrackEnrolmentDecider } from './end-track-enrolment';
import { EndTrackEnrolmentRequestDto } from './end-track-enrolment.request.dto';

const decider = endTrackEnrolmentDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class EndTrackEnrolmentController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/enrolments/:enrolmentId/end')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'endTrackEnrolment',
    summary: 'End the participant’s enrolment in a track',
    description: 'Ends an enrolment in a track, with the date and reason; the enrolment must be active.',
  })
  end(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Param('enrolmentId', new ParseUUIDPipe({ version: '4' })) enrolmentId: string,
    @Body() body: EndTrackEnrolmentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'EndTrackEnrolment', participantId, journeyId, enrolmentId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
