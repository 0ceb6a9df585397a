import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRule, Roles } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore, ExpectedRevision } from '@samspar/event-store';
import { NotFoundError } from '@samspar/kernel';
import { Command, CommandResult, IfMatch } from '@samspar/platform';
import { loadOrganisation } from '../catalogue-lookups';
import { CommandContext, loadStream } from '../command-handling';
import { ActingFor, commandContext } from '../http/acting-for';
import type { Acting } from '../http/acting-for';
import { ParticipantCommands } from '../http/commands';
import { ParticipantEvent, ParticipantState, participantStreamName, participantFolding } from '../participant';
import { mayAccess } from '../participant-access';
import { assignCaseworkerDecider } from './assign-caseworker';
import { AssignCaseworkerRequestDto } from './assign-caseworker.request.dto';

const decider = assignCaseworkerDecider;

@ApiTags('journeys')
@Roles('caseworker')
@AccessRule('journey-step')
@Controller('api/v1/participants')
export class AssignCaseworkerController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: ParticipantCommands,
  ) {}

  @Post(':participantId/journeys/:journeyId/caseworker')
  @HttpCode(200)
  @Command()
  @ApiOperation({
    operationId: 'assignCaseworker',
    summary: 'Assign a caseworker, and optionally a unit, to a journey',
    description: 'Assigns the caseworker (and optionally the unit) responsible for a journey of the caller’s organisation.',
  })
  async assign(
    @Param('participantId', new ParseUUIDPipe({ version: '4' })) participantId: string,
    @Param('journeyId', new ParseUUIDPipe({ version: '4' })) journeyId: string,
    @Body() body: AssignCaseworkerRequestDto,
    @ActingFor() acting: Acting,
    @IfMatch() ifMatch: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const context = commandContext(acting, body.occurredAt);
    if (body.unitId !== undefined) await this.assertUnitOfJourney(participantId, journeyId, body.unitId, context);
    return this.commands.run(
      decider,
      { kind: 'AssignCaseworker', participantId, journeyId, caseworkerId: body.caseworkerId, unitId: body.unitId },
      { acting, occurredAt: body.occurredAt, ifMatch },
    );
  }

  /** The decider leaves the unit to the caller: units live in the organisation's stream. */
  private async assertUnitOfJourney(participantId: string, journeyId: string, unitId: string, context: CommandContext) {
    const { state } = await loadStream<ParticipantEvent, ParticipantState>(
      this.store,
      participantStreamName(participantId),
      participantFolding,
    );
    // Without access, or without the journey, the decider gives its own answer; nothing is told here.
    const journey = state.status === 'registered' && mayAccess(state, context) ? state.journeys[journeyId] : undefined;
    if (journey === undefined) return;
    const organisation = await loadOrganisation(this.store, journey.organisationId);
    if (organisation.state.status !== 'registered' || organisation.state.units[unitId] === undefined) {
      throw new NotFoundError('unit-not-found', "The journey's organisation has no unit with this id", 'unitId');
    }
  }
}
