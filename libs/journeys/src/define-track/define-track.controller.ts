import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { Command, CommandResult } from '@samspar/platform';
import { assertOrganisationsExist } from '../catalogue-lookups';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { CatalogueCommands } from '../http/commands';
import { trackStreamName } from '../track';
import { defineTrackDecider } from './define-track';
import { DefineTrackRequestDto } from './define-track.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/tracks')
export class DefineTrackController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogue: CatalogueCommands,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Command()
  @ApiOperation({
    operationId: 'defineTrack',
    summary: 'Define a track (spår) in the regional catalogue',
    description: 'Defines a track owned by an organisation of the caller; a job track names its employers and occupation.',
  })
  async define(@Body() body: DefineTrackRequestDto, @ActingFor() acting: Acting): Promise<CommandResult> {
    const command = body.toCommand();
    await assertOrganisationsExist(this.store, [
      ['ownerOrganisationId', command.ownerOrganisationId],
      ...(command.employerOrganisationIds ?? []).map((id, i) => [`employerOrganisationIds[${i}]`, id] as const),
    ]);
    return this.catalogue.run({ id: command.trackId, streamId: trackStreamName(command.trackId) }, defineTrackDecider, command, {
      acting,
      occurredAt: body.occurredAt,
    });
  }
}
