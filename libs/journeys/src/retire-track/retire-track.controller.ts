import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { CatalogueCommands } from '../http/commands';
import { trackStreamName } from '../track';
import { retireTrackDecider } from './retire-track';
import { RetireTrackRequestDto } from './retire-track.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/tracks/:trackId/retirement')
export class RetireTrackController {
  constructor(private readonly catalogue: CatalogueCommands) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @Command()
  @ApiOperation({
    operationId: 'retireTrack',
    summary: 'Retire a track: it takes no new enrolments',
    description: 'Retires a track owned by the caller’s organisation; its enrolments go on, new ones are refused.',
  })
  retire(
    @Param('trackId', ParseUUIDPipe) trackId: string,
    @Body() body: RetireTrackRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const command = body.toCommand(trackId);
    return this.catalogue.run({ id: command.trackId, streamId: trackStreamName(command.trackId) }, retireTrackDecider, command, {
      acting,
      occurredAt: body.occurredAt,
      ifMatch,
    });
  }
}
