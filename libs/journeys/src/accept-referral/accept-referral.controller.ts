import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { acceptReferralDecider } from './accept-referral';
import { AcceptReferralRequestDto } from './accept-referral.request.dto';

const decider = acceptReferralDecider;

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-answer')
@Controller('api/v1/referrals')
export class AcceptReferralController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':referralId/acceptance')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'acceptReferral',
    summary: 'Accept a referral your organisation received',
    description:
      'Accepts a referral addressed to the caller’s organisation, which may then open its own journey for the participant.',
  })
  async accept(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: AcceptReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.runOnReferral(
      referralId,
      decider,
      (participantId, id) => ({ kind: 'AcceptReferral', participantId, referralId: id }),
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
