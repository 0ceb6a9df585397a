import type { RecordedEvent } from '@samspar/kernel';
import { Journey, ParticipantEvent, RegisteredParticipant } from '../participant';

/** What a caseworker sees of a participant: state, never the raw sealed data. */
export interface ParticipantView {
  readonly participantId: string;
  /**
   * False when the registration is another organisation's record that no consent shares with the caller's: then
   * the registering organisation, the attributes and the personal data are left out.
   */
  readonly registrationShared: boolean;
  readonly organisationId?: string;
  readonly registeredAt?: string;
  readonly identified?: boolean;
  readonly protectedIdentity: boolean;
  readonly attributes?: RegisteredParticipant['attributes'];
  /** Decrypted personal data; `erased` after gallring; absent for an anonymous participant. */
  readonly personal?: { readonly status: 'ok'; readonly value: unknown } | { readonly status: 'erased' };
  readonly consents: ReadonlyArray<RegisteredParticipant['consents'][string]>;
  readonly referrals: ReadonlyArray<RegisteredParticipant['referrals'][string]>;
  readonly journeys: readonly JourneyView[];
  readonly revision: number;
}

export interface JourneyView extends Omit<Journey, 'stepEventIds' | 'steps' | 'enrolments' | 'interventions'> {
  readonly enrolments: ReadonlyArray<Journey['enrolments'][string]>;
  readonly interventions: ReadonlyArray<Journey['interventions'][string]>;
}

export function journeyView(journey: Journey): JourneyView {
  const { stepEventIds: _stepIds, steps: _steps, enrolments, interventions, ...rest } = journey;
  return { ...rest, enrolments: Object.values(enrolments), interventions: Object.values(interventions) };
}

export interface TimelineEntry {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly revision: number;
  readonly actor?: { readonly role: string; readonly organisationId?: string };
}

/** The events of one journey, in the order they were recorded. */
export function journeyTimeline(events: readonly RecordedEvent[], journeyId: string): TimelineEntry[] {
  return events
    .filter((event) => (event.data as Partial<ParticipantEvent['data']> & { journeyId?: string }).journeyId === journeyId)
    .map((event) => ({
      eventId: event.id,
      type: event.type,
      data: event.data,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      revision: event.revision,
      ...(event.metadata.actor
        ? {
            actor: {
              role: event.metadata.actor.role,
              ...(event.metadata.actor.organisationId ? { organisationId: event.metadata.actor.organisationId } : {}),
            },
          }
        : {}),
    }));
}
