/**
 * Who owns each record about a person, and who else may read it (OSL 26:1, lifted only by consent, OSL 12:2).
 * The one home of the rule: the deciders, every read path and the evaluators' export call it.
 *
 * - Owners. The registration belongs to the organisation that registered the person; each consent to the one
 *   that recorded it (and its withdrawal too); a referral to its sender, and the answer to it to its receiver;
 *   a journey, with every step in it, to the organisation that opened it. All of it is read off the stored
 *   events: the event's data, and the acting organisation in its metadata. Nothing is rewritten.
 * - Reading. An organisation always reads its own records. It reads a record owned by another organisation
 *   when some consent naming both (its recorder counts as named) was in force at some moment at or after the
 *   record was recorded. A withdrawal, or a consent's end date, stops the sharing from then on, both ways; what
 *   was recorded while it held stays readable to the other side.
 */

import { dayInSweden } from '@samspar/kernel';
import { JOURNEY_STEP_TYPES } from '../journey-step-types';
import { Edits } from '../edits';

/** Organisation ids are uuids, compared in lower case wherever they come from. */
export const normaliseOrganisationId = (id: string): string => id.toLowerCase();

export interface ConsentTerms {
  readonly consentId: string;
  /** The organisation that recorded the consent; named by it, and owner of it. */
  readonly recordedBy?: string;
  /** Every organisation the consent names, the recorder included, in lower case. */
  readonly organisations: readonly string[];
  /** First and last day covered (YYYY-MM-DD, in Sweden). */
  readonly validFrom: string;
  readonly validUntil?: string;
  /** When the person withdrew it (ISO 8601); it covers nothing from then on. */
  readonly withdrawnAt?: string;
}

/** What the rule needs to know of one person's stream, folded event by event. */
export interface SharingLedger {
  readonly registeredBy?: string;
  readonly consents: Readonly<Record<string, ConsentTerms>>;
  readonly referrals: Readonly<Record<string, { readonly from: string; readonly to: string; readonly recordedAt: string }>>;
  /** Journey id → the organisation that opened it, and when that was recorded. */
  readonly journeys: Readonly<Record<string, { readonly owner: string; readonly recordedAt: string }>>;
  readonly interventions: Readonly<Record<string, { readonly journeyId: string; readonly provider: string }>>;
  /** Each owner's earliest record in the stream (recordedAt): enough to tell whether anything of it is shared. */
  readonly firstRecorded: Readonly<Record<string, string>>;
}

export const emptyLedger: SharingLedger = {
  consents: {},
  referrals: {},
  journeys: {},
  interventions: {},
  firstRecorded: {},
};

/** An event as the rule reads it. `recordedAt` defaults to `occurredAt` for events not yet stored. */
export interface SharingEvent {
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly recordedAt?: string;
  /** The organisation the actor acted for. */
  readonly organisationId?: string;
}

type Data = Record<string, unknown>;
const text = (data: unknown, key: string): string | undefined => {
  const value = (data as Data | null)?.[key];
  return typeof value === 'string' ? value : undefined;
};
const org = (data: unknown, key: string): string | undefined => {
  const value = text(data, key);
  return value === undefined ? undefined : normaliseOrganisationId(value);
};

const JOURNEY_EVENTS = new Set<string>([
  'JourneyOpened',
  ...JOURNEY_STEP_TYPES,
  'JourneyClosed',
  'JourneyReopened',
  'StepCorrected',
]);
const REFERRAL_ANSWERS = new Set(['ReferralAccepted', 'ReferralDeclined', 'ReferralExpired']);

/** The organisation that owns the record this event belongs to, given the ledger of the events before it. */
export function ownerOf(ledger: SharingLedger, event: SharingEvent): string | undefined {
  const data = event.data;
  switch (event.type) {
    case 'ParticipantRegistered':
      return org(data, 'organisationId');
    case 'ConsentRecorded':
      return event.organisationId === undefined ? undefined : normaliseOrganisationId(event.organisationId);
    case 'ConsentWithdrawn':
      return ledger.consents[text(data, 'consentId') ?? '']?.recordedBy;
    case 'ParticipantReferred':
      return org(data, 'fromOrganisationId');
    case 'ReferralWithdrawn':
      return ledger.referrals[text(data, 'referralId') ?? '']?.from;
    default:
      if (REFERRAL_ANSWERS.has(event.type)) return ledger.referrals[text(data, 'referralId') ?? '']?.to;
      if (event.type === 'JourneyOpened') return org(data, 'organisationId');
      if (JOURNEY_EVENTS.has(event.type)) return ledger.journeys[text(data, 'journeyId') ?? '']?.owner;
      return undefined;
  }
}

/**
 * The ledger after one more event; unknown event types change nothing but the owner's first record. Pure unless
 * a fold passes its own in-place `edits`.
 */
export function recordInLedger(ledger: SharingLedger, event: SharingEvent, edits: Edits = Edits.copying): SharingLedger {
  const owner = ownerOf(ledger, event);
  const recordedAt = event.recordedAt ?? event.occurredAt;
  const data = event.data;
  let next = ledger;
  switch (event.type) {
    case 'ParticipantRegistered':
      next = edits.with(next, owner ? { registeredBy: owner } : {});
      break;
    case 'ConsentRecorded': {
      const consentId = text(data, 'consentId') ?? '';
      const named = Array.isArray((data as Data).organisationIds) ? ((data as Data).organisationIds as string[]) : [];
      const organisations = [...new Set([...named.map(normaliseOrganisationId), ...(owner ? [owner] : [])])];
      const validUntil = text(data, 'validUntil');
      const terms: ConsentTerms = {
        consentId,
        ...(owner ? { recordedBy: owner } : {}),
        organisations,
        validFrom: text(data, 'validFrom') ?? '9999-12-31',
        ...(validUntil ? { validUntil } : {}),
      };
      next = edits.with(next, { consents: edits.put(next.consents, consentId, terms) });
      break;
    }
    case 'ConsentWithdrawn': {
      const consent = next.consents[text(data, 'consentId') ?? ''];
      // The withdrawal counts from when the person withdrew, as the caseworker dates it.
      if (consent && consent.withdrawnAt === undefined) {
        next = edits.with(next, {
          consents: edits.put(next.consents, consent.consentId, edits.with(consent, { withdrawnAt: event.occurredAt })),
        });
      }
      break;
    }
    case 'ParticipantReferred': {
      const from = org(data, 'fromOrganisationId');
      const to = org(data, 'toOrganisationId');
      if (from && to) {
        next = edits.with(next, {
          referrals: edits.put(next.referrals, text(data, 'referralId') ?? '', { from, to, recordedAt }),
        });
      }
      break;
    }
    case 'JourneyOpened':
      if (owner)
        next = edits.with(next, { journeys: edits.put(next.journeys, text(data, 'journeyId') ?? '', { owner, recordedAt }) });
      break;
    case 'InterventionPlanned': {
      const provider = org(data, 'providerOrganisationId');
      const journeyId = text(data, 'journeyId');
      if (provider && journeyId) {
        next = edits.with(next, {
          interventions: edits.put(next.interventions, text(data, 'interventionId') ?? '', { journeyId, provider }),
        });
      }
      break;
    }
    default:
      break;
  }
  if (owner && (next.firstRecorded[owner] === undefined || recordedAt < next.firstRecorded[owner]!)) {
    next = edits.with(next, { firstRecorded: edits.put(next.firstRecorded, owner, recordedAt) });
  }
  return next;
}

// Consent periods are Swedish calendar days, so an instant is judged by the day it falls on in Sweden.
const dayOf = (at: string): string => dayInSweden(at);

/** True when the consent was in force at some moment from `from` to `to` (both ISO 8601 instants). */
export function inForceBetween(consent: ConsentTerms, from: string, to: string): boolean {
  const start = Date.parse(from);
  let end = Date.parse(to);
  // In force strictly before the withdrawal.
  if (consent.withdrawnAt !== undefined) end = Math.min(end, Date.parse(consent.withdrawnAt) - 1);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return false;
  // Days grow with time, so the moments from..to cover the days dayOf(from)..dayOf(to).
  const firstDay = dayOf(new Date(start).toISOString());
  const lastDay = dayOf(new Date(end).toISOString());
  return consent.validFrom <= lastDay && (consent.validUntil === undefined || firstDay <= consent.validUntil);
}

/** True when the consent is in force at the instant `at`. */
export const inForceAt = (consent: ConsentTerms, at: string): boolean => inForceBetween(consent, at, at);

const names = (consent: ConsentTerms, organisationId: string): boolean => consent.organisations.includes(organisationId);

/**
 * Whether `reader` may read a record of `owner` recorded at `recordedAt`, as of `now`, and through which consent
 * (for the audit log). An organisation's own records need none.
 */
export function readAccess(
  ledger: SharingLedger,
  reader: string,
  owner: string | undefined,
  recordedAt: string,
  now: string,
): { readonly readable: boolean; readonly consentId?: string } {
  const who = normaliseOrganisationId(reader);
  if (owner === undefined) return { readable: false };
  if (owner === who) return { readable: true };
  const consent = Object.values(ledger.consents).find(
    (each) => names(each, who) && names(each, owner) && inForceBetween(each, recordedAt, now),
  );
  return consent ? { readable: true, consentId: consent.consentId } : { readable: false };
}

/** Whether `reader` may read anything at all about the person: one record of its own, or one shared with it. */
export function seesParticipant(ledger: SharingLedger, reader: string, now: string): boolean {
  const who = normaliseOrganisationId(reader);
  return Object.entries(ledger.firstRecorded).some(
    ([owner, first]) => owner === who || readAccess(ledger, who, owner, first, now).readable,
  );
}

/** Whether a consent naming both organisations is in force at `at`. */
export function consentInForce(ledger: SharingLedger, a: string, b: string, at: string): ConsentTerms | undefined {
  const [x, y] = [normaliseOrganisationId(a), normaliseOrganisationId(b)];
  return Object.values(ledger.consents).find((each) => names(each, x) && names(each, y) && inForceAt(each, at));
}

/** A stored event as the read paths hold it. */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly recordedAt: string;
  readonly metadata: { readonly occurredAt: string; readonly actor?: { readonly organisationId?: string } };
}

export const sharingEventOf = (event: StoredEvent): SharingEvent => ({
  type: event.type,
  data: event.data,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.recordedAt,
  ...(event.metadata.actor?.organisationId ? { organisationId: event.metadata.actor.organisationId } : {}),
});

/** The ledger of a whole stream, and each event's owner. */
export function ledgerOf<E extends StoredEvent>(events: readonly E[]): { ledger: SharingLedger; owners: (string | undefined)[] } {
  // In place: only the last ledger is handed out.
  const edits = Edits.inPlace();
  let ledger = emptyLedger;
  const owners: (string | undefined)[] = [];
  for (const event of events) {
    const shared = sharingEventOf(event);
    owners.push(ownerOf(ledger, shared));
    ledger = recordInLedger(ledger, shared, edits);
  }
  return { ledger, owners };
}

/**
 * The events of one person's stream that `reader` may read as of `now`, in order, and the consents that let
 * it read those it does not own. A later consent can share earlier records, so the whole stream is read first.
 */
export function readableEvents<E extends StoredEvent>(
  events: readonly E[],
  reader: string,
  now: string,
): { readonly events: E[]; readonly consentIds: string[] } {
  const { ledger, owners } = ledgerOf(events);
  const readable: E[] = [];
  const consents = new Set<string>();
  events.forEach((event, i) => {
    const access = readAccess(ledger, reader, owners[i], event.recordedAt, now);
    if (!access.readable) return;
    readable.push(event);
    if (access.consentId) consents.add(access.consentId);
  });
  return { events: readable, consentIds: [...consents] };
}

/** The events of a stream owned by one of `organisations`: what an evaluator of those organisations sees. */
export function ownedEvents<E extends StoredEvent>(events: readonly E[], organisations: readonly string[]): E[] {
  const mine = new Set(organisations.map(normaliseOrganisationId));
  const { owners } = ledgerOf(events);
  return events.filter((_event, i) => owners[i] !== undefined && mine.has(owners[i]!));
}
