import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { runCommand } from '../http/run-command';
import { trackStreamName } from '../track';
import { retireTrackDecider } from './retire-track';
import { RetireTrackRequestDto } from './retire-track.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/tracks/:trackId/retirement')
export class RetireTrackController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @Command()
  @ApiOperation({ summary: 'Retire a track: it takes no new enrolments' })
  retire(
    @Param('trackId', ParseUUIDPipe) trackId: string,
    @Body() body: RetireTrackRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const command = body.toCommand(trackId);
    return runCommand(
      this.store,
      command.trackId,
      trackStreamName(command.trackId),
      retireTrackDecider,
      command,
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
