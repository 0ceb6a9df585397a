import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { withdrawConsentDecider } from './withdraw-consent';
import { WithdrawConsentRequestDto } from './withdraw-consent.request.dto';

const decider = withdrawConsentDecider;

@ApiTags('participants')
@Roles('caseworker')
@AccessRule('consent-withdrawal')
@Controller('api/v1/participants')
export class WithdrawConsentController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/consents/:consentId/withdrawal')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'withdrawConsent',
    summary: 'Record that the participant withdrew a consent',
    description: 'Records that the participant withdrew a consent; sharing under it stops from then on, both ways.',
  })
  withdraw(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('consentId', new ParseUUIDPipe({ version: '4' })) consentId: string,
    @Body() body: WithdrawConsentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      { kind: 'WithdrawConsent', participantId, consentId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
