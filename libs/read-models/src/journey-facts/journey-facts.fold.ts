import type { RecordedEvent } from '@samspar/kernel';
import { isJourneyStep } from '@samspar/journeys';
import type { JourneyStepEvent, ParticipantEvent, SealedPersonalData } from '@samspar/journeys';

/**
 * What the journeys read model keeps of one participant's stream, as JSON: enough to derive every
 * fact row again when a later event (a correction, a re-opening) changes what earlier ones mean.
 */
export interface ParticipantFold {
  readonly participantId: string;
  readonly organisationId: string;
  readonly registeredAt: string;
  readonly gender: string;
  readonly birthYear: number;
  readonly newlyArrived: boolean;
  readonly educationBand: string;
  readonly homeMunicipality: string | null;
  readonly anonymous: boolean;
  readonly protectedIdentity: boolean;
  /** The personal data as the registration sealed it (ciphertext, never plain text); null when anonymous. */
  readonly personal?: SealedPersonalData | null;
  /** When the registration was recorded: whether another organisation may read it turns on this. */
  readonly registrationRecordedAt?: string;
  /** The consents, for work lists to apply the sharing rule (sharing.ts) without reading the stream. */
  consents?: Record<string, ConsentFold>;
  /** When the latest entry was made in the record (recordedAt): gallring counts from it (SoL 12:1). */
  lastEntryAt: string;
  readonly journeys: Record<string, JourneyFold>;
  readonly referrals: Record<string, ReferralFold>;
}

export interface ConsentFold {
  readonly consentId: string;
  /** Every organisation the consent names, its recorder included, in lower case. */
  readonly organisations: readonly string[];
  readonly validFrom: string;
  readonly validUntil: string | null;
  withdrawnAt: string | null;
}

export interface JourneyFold {
  readonly journeyId: string;
  readonly organisationId: string;
  /** When the opening was recorded (recordedAt): whether a consent shares the journey turns on this. */
  readonly recordedAt?: string;
  status: 'open' | 'closed';
  readonly openedAt: string;
  closedAt: string | null;
  closingReason: string | null;
  lastActivityAt: string;
  /** Steps in log order; a correction voids one by id and the facts are derived again without it. */
  readonly steps: Step[];
  readonly corrected: string[];
}

/** A step as stored folds hold it: `at` is its occurredAt. */
export type Step = JourneyStepEvent & { readonly id: string; readonly at: string };

export interface ReferralFold {
  readonly referralId: string;
  readonly journeyId: string | null;
  readonly fromOrganisationId: string;
  readonly toOrganisationId: string;
  readonly suggestedTrackId: string | null;
  status: string;
  readonly sentAt: string;
  readonly deadlineAt: string;
  answeredAt: string | null;
  declineReason: string | null;
}

/** Whether `at` is as toISOString writes it (UTC, milliseconds), where text order is time order. */
const isCanonical = (at: string): boolean =>
  at.length === 24 && at.charCodeAt(23) === 90 /* Z */ && at.charCodeAt(10) === 84 /* T */ && at.charCodeAt(19) === 46; /* . */

/** The later of two instants; `a` when they are the same. Compares text when both are canonical, sparing two parses. */
const later = (a: string, b: string): string =>
  isCanonical(a) && isCanonical(b) ? (a >= b ? a : b) : Date.parse(a) >= Date.parse(b) ? a : b;

/** Applies one event of the participant's stream. Mutates the fold: it is private to one batch. */
export function foldParticipantEvent(fold: ParticipantFold | undefined, recorded: RecordedEvent): ParticipantFold | undefined {
  const event = { type: recorded.type, data: recorded.data } as ParticipantEvent;
  const at = recorded.metadata.occurredAt;
  if (event.type === 'ParticipantRegistered') {
    const { attributes, identity } = event.data;
    return {
      participantId: event.data.participantId,
      organisationId: event.data.organisationId,
      registeredAt: at,
      gender: attributes.gender,
      birthYear: attributes.birthYear,
      newlyArrived: attributes.newlyArrived,
      educationBand: attributes.educationBand,
      homeMunicipality: attributes.homeMunicipality ?? null,
      anonymous: identity.kind === 'anonymous',
      protectedIdentity: event.data.protectedIdentity,
      personal: identity.kind === 'identified' ? identity.personal : null,
      registrationRecordedAt: recorded.recordedAt,
      consents: {},
      lastEntryAt: recorded.recordedAt,
      journeys: {},
      referrals: {},
    };
  }
  if (!fold) return fold;
  fold.lastEntryAt = later(fold.lastEntryAt ?? fold.registeredAt, recorded.recordedAt);
  const touch = (journeyId: string): JourneyFold | undefined => {
    const journey = fold.journeys[journeyId];
    if (journey) journey.lastActivityAt = later(journey.lastActivityAt, at);
    return journey;
  };
  const answer = (referralId: string, status: string, declineReason: string | null = null): void => {
    const referral = fold.referrals[referralId];
    if (!referral) return;
    referral.status = status;
    referral.answeredAt = at;
    referral.declineReason = declineReason;
  };
  switch (event.type) {
    case 'ConsentRecorded': {
      // As sharing.ts reads it: the recorder is the acting organisation, and counts as named.
      const recorder = recorded.metadata.actor?.organisationId?.toLowerCase();
      const named = event.data.organisationIds.map((id) => id.toLowerCase());
      (fold.consents ??= {})[event.data.consentId] = {
        consentId: event.data.consentId,
        organisations: [...new Set([...named, ...(recorder ? [recorder] : [])])],
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil ?? null,
        withdrawnAt: null,
      };
      break;
    }
    case 'ConsentWithdrawn': {
      const consent = fold.consents?.[event.data.consentId];
      if (consent && consent.withdrawnAt === null) consent.withdrawnAt = at;
      break;
    }
    case 'ParticipantReferred':
      fold.referrals[event.data.referralId] = {
        referralId: event.data.referralId,
        journeyId: event.data.journeyId ?? null,
        fromOrganisationId: event.data.fromOrganisationId,
        toOrganisationId: event.data.toOrganisationId,
        suggestedTrackId: event.data.suggestedTrackId ?? null,
        status: 'sent',
        sentAt: at,
        deadlineAt: event.data.deadlineAt,
        answeredAt: null,
        declineReason: null,
      };
      break;
    case 'ReferralAccepted':
      answer(event.data.referralId, 'accepted');
      break;
    case 'ReferralDeclined':
      answer(event.data.referralId, 'declined', event.data.reason);
      break;
    case 'ReferralWithdrawn':
      answer(event.data.referralId, 'withdrawn');
      break;
    case 'ReferralExpired':
      answer(event.data.referralId, 'expired');
      break;
    case 'JourneyOpened':
      fold.journeys[event.data.journeyId] = {
        journeyId: event.data.journeyId,
        organisationId: event.data.organisationId,
        recordedAt: recorded.recordedAt,
        status: 'open',
        openedAt: at,
        closedAt: null,
        closingReason: null,
        lastActivityAt: at,
        steps: [],
        corrected: [],
      };
      break;
    case 'JourneyClosed': {
      const journey = touch(event.data.journeyId);
      if (journey) Object.assign(journey, { status: 'closed', closedAt: at, closingReason: event.data.reason });
      break;
    }
    case 'JourneyReopened': {
      const journey = touch(event.data.journeyId);
      if (journey) Object.assign(journey, { status: 'open', closedAt: null, closingReason: null });
      break;
    }
    case 'StepCorrected':
      touch(event.data.journeyId)?.corrected.push(event.data.correctedEventId);
      break;
    default:
      if (isJourneyStep(event)) touch(event.data.journeyId)?.steps.push({ ...event, id: recorded.id, at });
  }
  return fold;
}
