import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import type { ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { recordLabourMarketStatusDecider } from './record-labour-market-status';
import { RecordLabourMarketStatusRequestDto } from './record-labour-market-status.request.dto';

const decider = recordLabourMarketStatusDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class RecordLabourMarketStatusController {
  constructor(private readonly commands: ParticipantCommands) {}

  @Post(':participantId/journeys/:journeyId/statuses')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'recordLabourMarketStatus',
    summary: 'Record the participant’s labour-market status at entry, exit or a follow-up',
    description:
      'Records the participant’s labour-market status on this journey at entry, at exit, or at the follow-ups after 90 days and 6 months.',
  })
  record(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: RecordLabourMarketStatusRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    return this.commands.run(
      decider,
      {
        kind: 'RecordLabourMarketStatus',
        participantId,
        journeyId,
        statusId: body.statusId,
        moment: body.moment,
        status: body.status,
        incomeSources: body.incomeSources,
        expectedToLastOneMonth: body.expectedToLastOneMonth,
        enrolmentId: body.enrolmentId,
        unemployedSince: body.unemployedSince,
      },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
