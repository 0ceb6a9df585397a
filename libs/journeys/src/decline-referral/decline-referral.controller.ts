import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { declineReferralDecider } from './decline-referral';
import { DeclineReferralRequestDto } from './decline-referral.request.dto';

const decider = declineReferralDecider;

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-answer')
@Controller('api/v1/referrals')
export class DeclineReferralController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':referralId/decline')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'declineReferral',
    summary: 'Decline a referral your organisation received, with a reason',
    description: 'Declines a referral addressed to the caller’s organisation, with a reason from a fixed list.',
  })
  async decline(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: DeclineReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.runOnReferral(
      referralId,
      decider,
      (participantId, id) => ({ kind: 'DeclineReferral', participantId, referralId: id, reason: body.reason }),
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
