import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { runCommand } from '../http/run-command';
import { participantStreamName } from '../participant';
import { withdrawConsentDecider } from './withdraw-consent';
import { WithdrawConsentRequestDto } from './withdraw-consent.request.dto';

const decider = withdrawConsentDecider;

@ApiTags('participants')
@Roles('caseworker')
@AccessRule('consent-withdrawal')
@Controller('api/v1/participants')
export class WithdrawConsentController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/consents/:consentId/withdrawal')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Record that the participant withdrew a consent' })
  withdraw(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('consentId', new ParseUUIDPipe({ version: '4' })) consentId: string,
    @Body() body: WithdrawConsentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      { kind: 'WithdrawConsent', participantId, consentId },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
