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
import { acceptReferralDecider } from './accept-referral';
import { AcceptReferralRequestDto } from './accept-referral.request.dto';

const decider = acceptReferralDecider;

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('referral-answer')
@Controller('api/v1/referrals')
export class AcceptReferralController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  @Post(':referralId/acceptance')
  @HttpCode(200)
  @Command()
  @ApiOperation({ summary: 'Accept a referral your organisation received' })
  async accept(
    @Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string,
    @Body() body: AcceptReferralRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runReferralCommand(
      this.store,
      this.registry,
      referralId,
      decider,
      (participantId, id) => ({ kind: 'AcceptReferral', participantId, referralId: id }),
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
