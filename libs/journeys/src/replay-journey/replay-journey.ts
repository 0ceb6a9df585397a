import type { EventStore } from '@samspar/event-store';
import { isUuid } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import { participantStreamName } from '../participant';
import { JourneyHistory, JourneyState, JourneySummary, journeyHistory } from './journey-history';

/** What an evaluator gets: the history, with the participant named only by pseudonym. */
export interface EvaluatorJourneyHistory<
  State extends JourneyState | JourneySummary = JourneyState | JourneySummary,
> extends JourneyHistory<State> {
  /** HMAC of the participant id under the server's pseudonym key; the same participant always gets the same one. */
  readonly participant: string;
  /** The stream's last revision when it was read. */
  readonly revision: number;
}

/**
 * Reads the participant's stream and replays one journey for an evaluator. Undefined when there is no such
 * participant or the participant never had this journey.
 */
export async function replayJourney(
  store: EventStore,
  pseudonymiser: { pseudonym(id: string): string },
  participantId: string,
  journeyId: string,
  options: { readonly asOf?: Date; readonly states?: 'full' | 'summary' } = {},
): Promise<EvaluatorJourneyHistory | undefined> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(participantStreamName(participantId))) events.push(event);
  const registered = events.find((event) => event.type === 'ParticipantRegistered');
  if (!registered) return undefined;
  // The same pseudonyms as the evaluators' event export, so that the two can be read side by side.
  const history = journeyHistory(events, journeyId, { ...options, pseudonym: (id) => pseudonymiser.pseudonym(canonical(id)) });
  if (!history) return undefined;
  return {
    participant: pseudonymiser.pseudonym(canonical(participantId)),
    revision: events[events.length - 1]!.revision,
    ...history,
  };
}

/** A uuid in lower case, so that spelling never splits one id into two pseudonyms. */
const canonical = (id: string): string => (isUuid(id) ? id.toLowerCase() : id);
