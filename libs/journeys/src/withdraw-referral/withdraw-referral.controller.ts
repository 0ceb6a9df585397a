import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { withdrawReferralDecider } from './withdraw-referral';
import { WithdrawReferralRequestDto } from './withdraw-referral.request.dto';

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-withdrawal')
@Controller('api/v1/referrals')
export class WithdrawReferralController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':referralId/withdrawal')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'withdrawReferral',
    summary: 'Withdraw a referral your organisation sent that has not been answered',
    description: 'Withdraws a referral the caller’s organisation sent, while the receiver has not answered it.',
  })
  async withdraw(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: WithdrawReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.runOnReferral(
      referralId,
      withdrawReferralDecider,
      (participantId, id) => ({ kind: 'WithdrawReferral', participantId, referralId: id }),
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
