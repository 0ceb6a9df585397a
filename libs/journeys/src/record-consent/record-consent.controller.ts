import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { recordConsentDecider } from './record-consent';
import { RecordConsentRequestDto } from './record-consent.request.dto';

const decider = recordConsentDecider;

@ApiTags('participants')
@Roles('caseworker')
@AccessRule('participant-record')
@Controller('api/v1/participants')
export class RecordConsentController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/consents')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'recordConsent',
    summary: "Record the participant's consent to share information between organisations",
    description:
      'Records a consent naming the organisations that may share this participant’s records, from a date and optionally until one.',
  })
  record(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Body() body: RecordConsentRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
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
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
