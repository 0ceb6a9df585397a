import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { Command, CommandResult } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import { commandAnswer } from '../http/command-answer';
import type { Acting } from '../http/acting-for';
import { ParticipantRegistration } from './register-participant.service';
import { RegisterParticipantRequestDto } from './register-participant.request.dto';

@ApiTags('participants')
@Roles('caseworker')
@AccessRule('participant-register')
@Controller('api/v1/participants')
export class RegisterParticipantController {
  constructor(private readonly registration: ParticipantRegistration) {}

  @Post()
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'registerParticipant',
    summary: 'Register a participant, identified by personnummer or anonymous',
    description:
      'Registers a participant owned by the caller’s organisation. The personnummer and name are sealed with the participant’s own key and never stored in plain text; an anonymous registration has neither.',
  })
  async register(@Body() body: RegisterParticipantRequestDto, @ActingFor() acting: Acting): Promise<CommandResult> {
    // Stream names compare as text: lower case, as the registry's lookups return ids.
    const participantId = body.participantId.toLowerCase();
    const outcome = await this.registration.register({ ...body, participantId }, commandContext(acting, body.occurredAt));
    return commandAnswer(participantId, outcome);
  }
}
