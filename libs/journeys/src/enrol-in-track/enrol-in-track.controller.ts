import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { loadTrack } from '../catalogue-lookups';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { isEnrollable } from '../track';
import { enrolInTrackDecider } from './enrol-in-track';
import { EnrolInTrackRequestDto } from './enrol-in-track.request.dto';

const decider = enrolInTrackDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class EnrolInTrackController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: ParticipantCommands,
  ) {}

  @Post(':participantId/journeys/:journeyId/enrolments')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'enrolInTrack',
    summary: 'Enrol the participant in a track (spår) of the catalogue',
    description: 'Enrols the participant in an active track of the catalogue; a retired track takes no new enrolments.',
  })
  async enrol(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: EnrolInTrackRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    // The catalogue is another stream, so the decider cannot read it; it is told what was found.
    const track = await loadTrack(this.store, body.trackId);
    const trackFound = track.state.status === 'none' ? 'none' : isEnrollable(track.state) ? undefined : 'retired';
    return this.commands.run(
      decider,
      {
        kind: 'EnrolInTrack',
        participantId,
        journeyId,
        enrolmentId: body.enrolmentId,
        trackId: body.trackId,
        ...(trackFound ? { trackFound } : {}),
      },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
