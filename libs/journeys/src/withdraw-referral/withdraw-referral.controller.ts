import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import type { ParticipantLookup } from '../participant-registry';
import { runReferralCommand } from '../referral-routing';
import { PARTICIPANT_REGISTRY } from '../journeys.tokens';
import { withdrawReferralDecider } from './withdraw-referral';
import { WithdrawReferralRequestDto } from './withdraw-referral.request.dto';

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-withdrawal')
@Controller('api/v1/referrals')
export class WithdrawReferralController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  @Post(':referralId/withdrawal')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Withdraw a referral your organisation sent that has not been answered' })
  async withdraw(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: WithdrawReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runReferralCommand(
      this.store,
      this.registry,
      referralId,
      withdrawReferralDecider,
      (participantId, id) => ({ kind: 'WithdrawReferral', participantId, referralId: id }),
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
