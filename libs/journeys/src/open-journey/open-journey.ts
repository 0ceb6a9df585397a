import { ForbiddenError, IllegalStateError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { assertNotBefore, latest, requireParticipant } from '../participant-steps';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { onVisibleParticipant } from '../sharing/record-access';

export interface OpenJourney {
  readonly kind: 'OpenJourney';
  readonly participantId: string;
  /** Chosen by the client, so that a retried command is refused instead of opening a second journey. */
  readonly journeyId: string;
  /** The organisation that owns the journey; when given it must be the actor's own. */
  readonly organisationId?: string;
}

export function decideOpenJourney(command: OpenJourney, state: ParticipantState, context: CommandContext): ParticipantEvent[] {
  const participant = requireParticipant(state, command.participantId);
  const organisationId = openingOrganisation(command, context);
  if (participant.journeys[command.journeyId]) {
    throw new IllegalStateError('journey-exists', `Journey ${command.journeyId} already exists`, 'journeyId');
  }
  const journeys = Object.values(participant.journeys);
  const open = journeys.find((journey) => journey.status === 'open');
  if (open) {
    throw new IllegalStateError('journey-already-open', `Journey ${open.journeyId} is still open; close it before a new one`);
  }
  assertNotBefore(context, participant.registeredAt, 'occurred-before-registration', 'A journey cannot open before registration');
  // Re-entry: journeys follow each other, so reports as of any date see at most one open journey.
  const lastClosedAt = latest(journeys.map((journey) => journey.closedAt));
  if (lastClosedAt !== undefined) {
    assertNotBefore(
      context,
      lastClosedAt,
      'occurred-before-journey-closed',
      'A new journey cannot open before the last one closed',
    );
  }
  return [{ type: 'JourneyOpened', data: { journeyId: command.journeyId, organisationId } }];
}

function openingOrganisation(command: OpenJourney, context: CommandContext): string {
  const own = context.actor.organisationId;
  if (own === undefined) {
    throw new ForbiddenError('actor-without-organisation', 'Only someone acting for an organisation can open a journey');
  }
  if (command.organisationId !== undefined && command.organisationId !== own) {
    throw new ForbiddenError('organisation-mismatch', 'A journey is opened by the actor’s own organisation', 'organisationId');
  }
  return own;
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const openJourneyDecider: StreamDecider<OpenJourney, ParticipantEvent, ParticipantState> = onVisibleParticipant({
  ...participantFolding,
  decide: decideOpenJourney,
});
