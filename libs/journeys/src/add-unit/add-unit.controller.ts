import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { CatalogueCommands } from '../http/commands';
import { organisationStreamName } from '../organisation';
import { addUnitDecider } from './add-unit';
import { AddUnitRequestDto } from './add-unit.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-entry')
@Controller('api/v1/organisations/:organisationId/units')
export class AddUnitController {
  constructor(private readonly catalogue: CatalogueCommands) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Command()
  @ApiOperation({
    operationId: 'addUnit',
    summary: 'Add a unit to an organisation',
    description: 'Adds a unit (an office or team) to an organisation owned by the caller; unit names are unique within it.',
  })
  add(
    @Param('organisationId', ParseUUIDPipe) organisationId: string,
    @Body() body: AddUnitRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const command = body.toCommand(organisationId);
    return this.catalogue.run(
      { id: command.organisationId, streamId: organisationStreamName(command.organisationId) },
      addUnitDecider,
      command,
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
