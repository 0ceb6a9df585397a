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
import { declineReferralDecider } from './decline-referral';
import { DeclineReferralRequestDto } from './decline-referral.request.dto';

const decider = declineReferralDecider;

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-answer')
@Controller('api/v1/referrals')
export class DeclineReferralController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  @Post(':referralId/decline')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Decline a referral your organisation received, with a reason' })
  async decline(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: DeclineReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runReferralCommand(
      this.store,
      this.registry,
      referralId,
      decider,
      (participantId, id) => ({ kind: 'DeclineReferral', participantId, referralId: id, reason: body.reason }),
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
