import { Inject, Injectable } from '@nestjs/common';
import type { ExpectedRevision } from '@samspar/event-store';
import type { CommandResult } from '@samspar/platform';
import { CommandHandler, StreamDecider } from '../command-handling';
import { COMMAND_HANDLER, PARTICIPANT_REGISTRY } from '../journeys.tokens';
import { claimedIdsOf } from '../participant-registry';
import type { ParticipantLookup } from '../participant-registry';
import { IllegalStateError } from '@samspar/kernel';
import { participantOfReferral } from '../referral-routing';
import { ParticipantEvent, ParticipantState, participantStreamName } from '../participant';
import { Acting, commandContext } from './acting-for';
import { commandAnswer } from './command-answer';

/** What a request adds to a command: who acts, when it happened, and the revision the client saw. */
export interface CommandRequest {
  readonly acting: Acting;
  readonly occurredAt?: string | undefined;
  readonly ifMatch?: ExpectedRevision | undefined;
}

const ifMatchOf = (request: CommandRequest) => (typeof request.ifMatch === 'number' ? { ifMatch: request.ifMatch } : {});

/** A command on a participant's stream, answered with what a client needs to chain the next one. */
@Injectable()
export class ParticipantCommands {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly handler: CommandHandler,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
  ) {}

  async run<Command extends { readonly participantId: string }>(
    decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
    command: Command,
    request: CommandRequest,
  ): Promise<CommandResult> {
    const outcome = await this.handler.handle(
      participantStreamName(command.participantId),
      decider,
      command,
      commandContext(request.acting, request.occurredAt),
      { ...ifMatchOf(request), beforeAppend: (events) => this.claimNewIds(command.participantId, events) },
    );
    return commandAnswer(command.participantId, outcome);
  }

  /**
   * The read models key journeys, enrolments, interventions, statuses and referrals by id alone, so an id one
   * participant has must not be used for another. Claimed once the command is decided, so that a caller the
   * decider refuses (another organisation, an unknown participant) learns nothing and claims nothing.
   */
  private async claimNewIds(participantId: string, events: readonly ParticipantEvent[]): Promise<void> {
    for (const { kind, id } of claimedIdsOf(events)) {
      if ((await this.registry.claim(kind, id, participantId)) !== undefined) {
        throw new IllegalStateError('id-in-use', `${kind} ${id} belongs to another participant's record; choose a new id`, kind);
      }
    }
  }

  /** A command on a referral, which the receiver names by its id alone: found through the registry first. */
  async runOnReferral<Command extends { readonly participantId: string }>(
    referralId: string,
    decider: StreamDecider<Command, ParticipantEvent, ParticipantState>,
    commandFor: (participantId: string, referralId: string) => Command,
    request: CommandRequest,
  ): Promise<CommandResult> {
    // The referring route stores referral ids in lower case.
    const id = referralId.toLowerCase();
    return this.run(decider, commandFor(await participantOfReferral(this.registry, id), id), request);
  }
}

/** A command on a catalogue stream (an organisation or a track), answered with the entry's id. */
@Injectable()
export class CatalogueCommands {
  constructor(@Inject(COMMAND_HANDLER) private readonly handler: CommandHandler) {}

  async run<Command, Event extends { type: string; data: unknown }, State>(
    entry: { readonly id: string; readonly streamId: string },
    decider: StreamDecider<Command, Event, State>,
    command: Command,
    request: CommandRequest,
  ): Promise<CommandResult> {
    const outcome = await this.handler.handle(
      entry.streamId,
      decider,
      command,
      commandContext(request.acting, request.occurredAt),
      ifMatchOf(request),
    );
    return commandAnswer(entry.id, outcome);
  }
}
