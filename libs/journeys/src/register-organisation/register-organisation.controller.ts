import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { Command, CommandResult } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { CatalogueCommands } from '../http/commands';
import { organisationStreamName } from '../organisation';
import { registerOrganisationDecider } from './register-organisation';
import { RegisterOrganisationRequestDto } from './register-organisation.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-register')
@Controller('api/v1/organisations')
export class RegisterOrganisationController {
  constructor(private readonly catalogue: CatalogueCommands) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Command()
  @ApiOperation({
    operationId: 'registerOrganisation',
    summary: 'Register an organisation in the catalogue',
    description: 'Registers an organisation (its kind and municipality) in the catalogue; only the system admin does this.',
  })
  register(@Body() body: RegisterOrganisationRequestDto, @ActingFor() acting: Acting): Promise<CommandResult> {
    const command = body.toCommand();
    return this.catalogue.run(
      { id: command.organisationId, streamId: organisationStreamName(command.organisationId) },
      registerOrganisationDecider,
      command,
      { acting, occurredAt: body.occurredAt },
    );
  }
}
