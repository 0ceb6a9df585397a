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
import { recordConsentDecider } from './record-consent';
import { RecordConsentRequestDto } from './record-consent.request.dto';

const decider = recordConsentDecider;

@ApiTags('participants')
@Roles('caseworker')
@AccessRule('participant-record')
@Controller('api/v1/participants')
export class RecordConsentController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post(':participantId/consents')
  @HttpCode(201)
  @Command()
  @ApiOperation({ summary: "Record the participant's consent to share information between organisations" })
  record(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Body() body: RecordConsentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return runCommand(
      this.store,
      participantId,
      participantStreamName(participantId),
      decider,
      {
        kind: 'RecordConsent',
        participantId,
        consentId: body.consentId,
        organisationIds: body.organisationIds,
        purpose: body.purpose,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
      },
      commandContext(acting, body.occurredAt),
      ifMatch,
    );
  }
}
