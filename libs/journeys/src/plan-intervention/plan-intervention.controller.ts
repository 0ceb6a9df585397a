import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { assertOrganisationsExist } from '../catalogue-lookups';
import { ActingFor } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { planInterventionDecider } from './plan-intervention';
import { PlanInterventionRequestDto } from './plan-intervention.request.dto';

const decider = planInterventionDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class PlanInterventionController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: ParticipantCommands,
  ) {}

  @Post(':participantId/journeys/:journeyId/interventions')
  @HttpCode(201)
  @Command()
  @ApiOperation({
    operationId: 'planIntervention',
    summary: 'Plan an intervention (insats) with a provider organisation',
    description: 'Plans an intervention on the journey, with the provider organisation and the expected dates.',
  })
  async plan(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: PlanInterventionRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    // The decider leaves the provider to the caller: the catalogue is another stream.
    await assertOrganisationsExist(this.store, [['providerOrganisationId', body.providerOrganisationId]]);
    return this.commands.run(
      decider,
      {
        kind: 'PlanIntervention',
        participantId,
        journeyId,
        interventionId: body.interventionId,
        type: body.type,
        providerOrganisationId: body.providerOrganisationId,
        enrolmentId: body.enrolmentId,
      },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }
}
