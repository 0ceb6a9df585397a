import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { runCommand } from '../http/run-command';
import { organisationStreamName } from '../organisation';
import { addUnitDecider } from './add-unit';
import { AddUnitRequestDto } from './add-unit.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/organisations/:organisationId/units')
export class AddUnitController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Command()
  @ApiOperation({ summary: 'Add a unit to an organisation' })
  add(
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() body: AddUnitRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const command = body.toCommand(organisationId);
    return runCommand(
      this.store,
      command.organisationId,
      organisationStreamName(command.organisationId),
      addUnitDecider,
      command,
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
