/**
 * Shapes of answers the api's document does not describe yet (issue 13 adds response schemas; then these give
 * way to the generated types). Only the fields the pages read.
 */
import type { DeclineReferralRequestDto, ListReferralOutboxData } from './client';
export interface CommandResult {
  readonly id: string;
  readonly revision: number;
  readonly position: string;
}

export interface Consent {
  readonly consentId: string;
  readonly recordedBy: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly organisationIds: readonly string[];
  readonly withdrawnAt?: string;
}

export interface Referral {
  readonly referralId: string;
  readonly reason: string;
  readonly status: string;
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly sentAt: string;
  readonly deadlineAt?: string;
}

export interface JourneySummaryView {
  readonly journeyId: string;
  readonly organisationId: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
}

export interface ParticipantView {
  readonly participantId: string;
  readonly organisationId?: string;
  readonly registeredAt?: string;
  readonly identified?: boolean;
  readonly protectedIdentity: boolean;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly personal?:
    | { readonly status: 'ok'; readonly value: { personnummerMasked?: string; firstName?: string; lastName?: string } }
    | { readonly status: 'erased' };
  readonly consents: readonly Consent[];
  readonly referrals: readonly Referral[];
  readonly journeys: readonly JourneySummaryView[];
  readonly revision: number;
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

export interface JourneyHistory {
  readonly journeyId: string;
  readonly asOf?: string;
  readonly entries: ReadonlyArray<TimelineEntry & { readonly knownAsOf?: boolean }>;
  readonly stateAsOf?: { readonly status: 'open' | 'closed'; readonly openedAt: string; readonly closedAt?: string } | null;
}

export interface InboxReferral {
  readonly referralId: string;
  readonly participantId: string;
  readonly protectedIdentity: boolean;
  readonly fromOrganisationId: string;
  readonly fromOrganisationName?: string;
  readonly sentAt: string;
  readonly ageDays: number;
  readonly deadlineAt: string;
  readonly overdue: boolean;
  readonly suggestedTrackId?: string;
  readonly suggestedTrackName?: string;
}

/** A referral the caller's organisation sent, as the outbox lists it (the api types its items only loosely). */
export interface OutboxReferral {
  readonly referralId: string;
  /** Null for a participant with skyddade personuppgifter, unless the caller may see them. */
  readonly participantId: string | null;
  readonly toOrganisationId: string;
  readonly toOrganisationName: string | null;
  readonly status: NonNullable<NonNullable<ListReferralOutboxData['query']>['status']>;
  readonly sentAt: string;
  readonly deadlineAt: string;
  readonly overdue: boolean;
  readonly answeredAt: string | null;
  readonly declineReason: DeclineReferralRequestDto['reason'] | null;
  readonly firstInterventionAt: string | null;
}

export interface Inbox {
  readonly organisationId: string;
  readonly asOf: string;
  /** The read model's position the inbox was read at. */
  readonly position?: string;
  readonly referrals: readonly InboxReferral[];
}

/** A report cell: a count or rate, or why there is none. */
export type Cell = number | 'suppressed' | 'not_available';

export interface OutcomeReport {
  readonly filters: { readonly from: string; readonly to: string };
  readonly asOf: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell | string>>>;
}

export interface DevAccounts {
  readonly roles: ReadonlyArray<'caseworker' | 'manager' | 'evaluator' | 'admin'>;
  readonly organisations: ReadonlyArray<{
    readonly organisationId: string;
    readonly name: string;
    readonly kind: string;
    readonly municipalityCode: string;
    readonly caseworkers: ReadonlyArray<{ readonly userId: string; readonly unitId?: string }>;
  }>;
}
