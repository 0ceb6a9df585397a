import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { assertOrganisationsExist } from '../catalogue-lookups';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { CatalogueCommands } from '../http/commands';
import { trackStreamName } from '../track';
import { reviseTrackDecider } from './revise-track';
import { ReviseTrackRequestDto } from './revise-track.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/tracks/:trackId/revisions')
export class ReviseTrackController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogue: CatalogueCommands,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @Command()
  @ApiOperation({
    operationId: 'reviseTrack',
    summary: 'Revise a track: its name, employers or occupation',
    description:
      'Records a new revision of a track; only what changed is recorded, and a revision that changes nothing is refused with 409.',
  })
  async revise(
    @Param('trackId', ParseUUIDPipe) trackId: string,
    @Body() body: ReviseTrackRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const command = body.toCommand(trackId);
    await assertOrganisationsExist(
      this.store,
      (command.employerOrganisationIds ?? []).map((id, i) => [`employerOrganisationIds[${i}]`, id] as const),
    );
    return this.catalogue.run({ id: command.trackId, streamId: trackStreamName(command.trackId) }, reviseTrackDecider, command, {
      acting,
      occurredAt: body.occurredAt,
      ifMatch,
    });
  }
}
