import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { NotFoundError } from '@samspar/kernel';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { loadOrganisation } from '../catalogue-lookups';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import type { ParticipantLookup } from '../participant-registry';
import { PARTICIPANT_REGISTRY } from '../journeys.tokens';
import { referParticipantDecider } from './refer-participant';
import { ReferParticipantRequestDto } from './refer-participant.request.dto';

const decider = referParticipantDecider;

@ApiTags('referrals')
@Roles('caseworker')
@AccessRule('participant-record')
@Controller('api/v1/participants')
export class ReferParticipantController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: ParticipantCommands,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  @Post(':participantId/referrals')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'referParticipant',
    summary: 'Refer the participant to another organisation',
    description: 'Sends a referral to another organisation; it expires unanswered after the receiver’s referral deadline.',
  })
  async refer(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Body() body: ReferParticipantRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const receiver = await loadOrganisation(this.store, body.toOrganisationId);
    if (receiver.state.status !== 'registered') {
      throw new NotFoundError(
        'organisation-not-found',
        `No organisation ${body.toOrganisationId} is registered in the catalogue`,
        'toOrganisationId',
      );
    }
    // Lower case, as the receiver's route names it; recorded before the append, so that a stored referral is always found.
    const referralId = body.referralId.toLowerCase();
    await this.registry.recordReferral(referralId, participantId);
    return this.commands.run(
      decider,
      {
        kind: 'ReferParticipant',
        participantId,
        referralId,
        toOrganisationId: body.toOrganisationId,
        reason: body.reason,
        journeyId: body.journeyId,
        suggestedTrackId: body.suggestedTrackId,
        deadlineDays: receiver.state.referralDeadlineDays,
      },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
