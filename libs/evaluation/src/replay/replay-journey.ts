import { isUuid } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import {
  PROTECTED_IDENTITY_PERMISSION,
  ledgerOf,
  normaliseOrganisationId,
  participantStreamName,
  requirePurposeForProtected,
} from '@samspar/journeys';
import { JourneyHistory, JourneyState, JourneySummary, journeyHistory } from './journey-history';
import type { JourneyReads } from './journey-reads';

/** What an evaluator gets: the history, with the participant named only by pseudonym. */
export interface EvaluatorJourneyHistory<
  State extends JourneyState | JourneySummary = JourneyState | JourneySummary,
> extends JourneyHistory<State> {
  /** HMAC of the participant id under the server's pseudonym key; the same participant always gets the same one. */
  readonly participant: string;
  /** The stream's last revision when it was read. */
  readonly revision: number;
}

export interface ReplayOptions {
  readonly asOf?: Date;
  readonly states?: 'full' | 'summary';
  /** The organisations whose records the caller may replay (an evaluator's sign-in); every record when absent. */
  readonly owners?: readonly string[];
  /** The caller's permissions: skyddade personuppgifter need `protected_identity`. */
  readonly permissions?: readonly string[];
  /** Why, from X-Purpose: required for a participant with skyddade personuppgifter. */
  readonly purpose?: string;
}

/**
 * Reads the participant's stream and replays one journey for an evaluator. Undefined, alike, when there is no
 * such participant or journey, when the journey is not run by one of `owners`, or when the participant has
 * skyddade personuppgifter and the caller lacks the permission. Entries are the events `owners` own.
 */
export async function replayJourney(
  reads: JourneyReads,
  participantId: string,
  journeyId: string,
  options: ReplayOptions = {},
): Promise<EvaluatorJourneyHistory | undefined> {
  const events = await reads.stream(participantStreamName(participantId));
  const registered = events.find((event) => event.type === 'ParticipantRegistered');
  if (!registered) return undefined;
  const protectedIdentity = (registered.data as { protectedIdentity?: unknown }).protectedIdentity === true;
  if (protectedIdentity && !(options.permissions ?? []).includes(PROTECTED_IDENTITY_PERMISSION)) return undefined;
  let include: ((event: RecordedEvent) => boolean) | undefined;
  if (options.owners) {
    const mine = new Set(options.owners.map(normaliseOrganisationId));
    const { ledger, owners } = ledgerOf(events);
    const runBy = ledger.journeys[journeyId.toLowerCase()]?.owner ?? ledger.journeys[journeyId]?.owner;
    if (runBy === undefined || !mine.has(runBy)) return undefined;
    const owned = new Set(events.filter((_event, i) => owners[i] !== undefined && mine.has(owners[i]!)).map((e) => e.id));
    include = (event) => owned.has(event.id);
  }
  if (protectedIdentity) {
    requirePurposeForProtected({ status: 'registered', protectedIdentity } as never, options.purpose);
  }
  const { owners: _owners, permissions: _permissions, purpose: _purpose, ...historyOptions } = options;
  // The same pseudonyms as the evaluators' event export, so that the two can be read side by side.
  const history = journeyHistory(events, journeyId, {
    ...historyOptions,
    ...(include ? { include } : {}),
    pseudonym: (id) => reads.pseudonym(canonical(id)),
  });
  if (!history) return undefined;
  return {
    participant: reads.pseudonym(canonical(participantId)),
    revision: events[events.length - 1]!.revision,
    ...history,
  };
}

/** A uuid in lower case, so that spelling never splits one id into two pseudonyms. */
const canonical = (id: string): string => (isUuid(id) ? id.toLowerCase() : id);
