import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { Command, CommandResult } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { runCommand } from '../http/run-command';
import { organisationStreamName } from '../organisation';
import { registerOrganisationDecider } from './register-organisation';
import { RegisterOrganisationRequestDto } from './register-organisation.request.dto';

@ApiTags('catalogue')
@AccessRule('catalogue-register')
@Controller('api/v1/organisations')
export class RegisterOrganisationController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Command()
  @ApiOperation({ summary: 'Register an organisation in the catalogue' })
  register(@Body() body: RegisterOrganisationRequestDto, @ActingFor() acting: Acting): Promise<CommandResult> {
    const command = body.toCommand();
    return runCommand(
      this.store,
      command.organisationId,
      organisationStreamName(command.organisationId),
      registerOrganisationDecider,
      command,
      commandContext(acting, body.occurredAt),
    );
  }
}
