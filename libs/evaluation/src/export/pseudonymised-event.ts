import { isCalendarDay, isUuid } from '@samspar/kernel';
import type { RecordedEvent } from '@samspar/kernel';
import { INTERRUPTION_REASONS } from '@samspar/journeys';
import { ORGANISATION_CATEGORY, OrganisationEvent } from '@samspar/journeys';
import { PARTICIPANT_CATEGORY, ParticipantEvent, StatisticalAttributes } from '@samspar/journeys';
import { REFERRAL_REASONS } from '@samspar/journeys';
import { TRACK_CATEGORY, TrackEvent } from '@samspar/journeys';
import {
  CLOSING_REASONS,
  DECLINE_REASONS,
  EDUCATION_BANDS,
  GENDERS,
  INCOME_SOURCES,
  INTERVENTION_TYPES,
  LABOUR_MARKET_STATUSES,
  ORGANISATION_KINDS,
  STATUS_MOMENTS,
  TRACK_KINDS,
} from '@samspar/journeys';

/** Maps an id to its pseudonym; the same key must give the same pseudonym for the same id. */
export type Pseudonym = (id: string) => string;

export type ExportValue = string | number | boolean | null | readonly ExportValue[] | { readonly [key: string]: ExportValue };
export type ExportData = { readonly [key: string]: ExportValue };

/** One event as an evaluator receives it: no personal data, and ids that link only under the same key. */
export interface ExportRecord {
  /** Pseudonym of the event id, so that a StepCorrected's correctedEventId finds the step it voids. */
  readonly event: string;
  readonly type: string;
  /** `participant-<pseudonym>`; catalogue streams keep their id, which names an organisation or a track. */
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { readonly role: string | null; readonly organisationId: string | null };
  /** Pseudonym of the participant, null for catalogue events. */
  readonly participant: string | null;
  readonly data: ExportData;
}

export const EXPORT_CATEGORIES = [PARTICIPANT_CATEGORY, ORGANISATION_CATEGORY, TRACK_CATEGORY] as const;
export type ExportCategory = (typeof EXPORT_CATEGORIES)[number];

// Every value is re-checked against what the domain allows, so that text typed where a code or an id belongs
// never reaches an export.
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MUNICIPALITY = /^\d{4}$/;
const ROLE = /^[a-z_]{1,40}$/;
// Catalogue names and occupations are the region's own published words, never a person's.
const CATALOGUE_TEXT_MAX = 200;

const oneOf = <T extends string>(allowed: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
const organisationOrTrackId = (value: unknown): string | null =>
  typeof value === 'string' && UUID_TEXT.test(value) ? value.toLowerCase() : null;
const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(organisationOrTrackId).filter((id): id is string => id !== null) : [];
const day = (value: unknown): string | null => (typeof value === 'string' && DAY.test(value) ? value : null);
const instant = (value: unknown): string | null => (typeof value === 'string' && INSTANT.test(value) ? value : null);
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
/** A calendar day, YYYY-MM-DD; anything else (text typed in its place) is dropped. */
const calendarDay = (value: unknown): string | null => (typeof value === 'string' && isCalendarDay(value) ? value : null);
const catalogueText = (value: unknown): string | null =>
  typeof value === 'string' && value.length <= CATALOGUE_TEXT_MAX ? value : null;
const wholeNumber = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);

/** A uuid is pseudonymised in lower case, so that spelling never splits one id into two pseudonyms. */
const canonical = (id: string): string => (isUuid(id) ? id.toLowerCase() : id);

/** An id's pseudonym, the id made canonical first. */
type IdPseudonym = (id: string) => string;

/** How one export pseudonymises: the same key throughout, so each gives the same pseudonym for the same id. */
export interface ExportPseudonyms {
  /** Ids that recur event after event: participants, journeys, referrals, caseworkers. */
  readonly recurring: IdPseudonym;
  /** The event's own id, which never recurs (a correction's correctedEventId aside). */
  readonly event: IdPseudonym;
}

const PSEUDONYMS_KEPT = 16_384;

/**
 * The export's pseudonyms with the recurring ones computed once while they are recent: the HMAC is the export's
 * largest cost, and a participant's events mostly follow one another in the log. Two generations of at most
 * `kept` ids each bound the memory; an id met again after both have turned over is simply computed again.
 */
export function cachedPseudonyms(pseudonym: Pseudonym, kept = PSEUDONYMS_KEPT): ExportPseudonyms {
  let recent = new Map<string, string>();
  let older = new Map<string, string>();
  const event = (id: string): string => pseudonym(canonical(id));
  const recurring = (id: string): string => {
    let known = recent.get(id);
    if (known !== undefined) return known;
    known = older.get(id) ?? event(id);
    if (recent.size >= kept) {
      older = recent;
      recent = new Map();
    }
    recent.set(id, known);
    return known;
  };
  return { recurring, event };
}

const uncached = (pseudonym: Pseudonym): ExportPseudonyms => {
  const of = (id: string): string => pseudonym(canonical(id));
  return { recurring: of, event: of };
};

const pseudonymOf = (pseudonym: IdPseudonym, value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? pseudonym(value) : null;

/** Leaves out keys whose value is absent, so that optional fields stay optional. */
function present(data: Readonly<Record<string, ExportValue | undefined>>): ExportData {
  const kept: Record<string, ExportValue> = {};
  // A plain object literal: for-in sees its own keys only, in order, without an array of entries per event.
  for (const key in data) {
    const value = data[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept;
}

type AnyEvent = ParticipantEvent | OrganisationEvent | TrackEvent;
type DataOf<E extends AnyEvent, T extends E['type']> = Extract<E, { type: T }>['data'];
type Mappers<E extends AnyEvent> = { readonly [T in E['type']]: (data: DataOf<E, T>, pseudonym: IdPseudonym) => ExportData };

/**
 * The allow-list, one entry per event type: only what is named here leaves the system. The mapped types make
 * the compiler refuse a new event type until someone decides what of it an evaluator may see.
 */
const PARTICIPANT_EVENTS: Mappers<ParticipantEvent> = {
  // Never the sealed personal data, nor the lookup hash, nor the participant id (the record carries its pseudonym).
  ParticipantRegistered: (data) => {
    // Read as unknown: stored events predate today's types.
    const attributes: { readonly [K in keyof StatisticalAttributes]?: unknown } = data.attributes ?? {};
    return present({
      organisationId: organisationOrTrackId(data.organisationId),
      identity: oneOf(['identified', 'anonymous'], data.identity?.kind),
      protectedIdentity: flag(data.protectedIdentity),
      gender: oneOf(GENDERS, attributes.gender),
      birthYear: wholeNumber(attributes.birthYear),
      newlyArrived: flag(attributes.newlyArrived),
      educationBand: oneOf(EDUCATION_BANDS, attributes.educationBand),
      homeMunicipality:
        typeof attributes.homeMunicipality === 'string' && MUNICIPALITY.test(attributes.homeMunicipality)
          ? attributes.homeMunicipality
          : null,
    });
  },
  // The purpose is typed by a caseworker: left out.
  ConsentRecorded: (data, p) =>
    present({
      consentId: pseudonymOf(p, data.consentId),
      organisationIds: ids(data.organisationIds),
      validFrom: day(data.validFrom),
      validUntil: day(data.validUntil),
    }),
  ConsentWithdrawn: (data, p) => present({ consentId: pseudonymOf(p, data.consentId) }),
  // The reason is kept only as one of the codes the api accepts.
  ParticipantReferred: (data, p) =>
    present({
      referralId: pseudonymOf(p, data.referralId),
      fromOrganisationId: organisationOrTrackId(data.fromOrganisationId),
      toOrganisationId: organisationOrTrackId(data.toOrganisationId),
      journeyId: pseudonymOf(p, data.journeyId),
      reason: oneOf(REFERRAL_REASONS, data.reason),
      suggestedTrackId: organisationOrTrackId(data.suggestedTrackId),
      deadlineAt: instant(data.deadlineAt),
    }),
  ReferralAccepted: (data, p) => present({ referralId: pseudonymOf(p, data.referralId) }),
  ReferralDeclined: (data, p) =>
    present({ referralId: pseudonymOf(p, data.referralId), reason: oneOf(DECLINE_REASONS, data.reason) }),
  ReferralWithdrawn: (data, p) => present({ referralId: pseudonymOf(p, data.referralId) }),
  ReferralExpired: (data, p) => present({ referralId: pseudonymOf(p, data.referralId) }),
  JourneyOpened: (data, p) =>
    present({ journeyId: pseudonymOf(p, data.journeyId), organisationId: organisationOrTrackId(data.organisationId) }),
  // Caseworkers are staff, but their user ids name people: pseudonymised like the rest.
  CaseworkerAssigned: (data, p) =>
    present({
      journeyId: pseudonymOf(p, data.journeyId),
      caseworkerId: pseudonymOf(p, data.caseworkerId),
      unitId: organisationOrTrackId(data.unitId),
    }),
  TrackEnrolled: (data, p) =>
    present({
      journeyId: pseudonymOf(p, data.journeyId),
      enrolmentId: pseudonymOf(p, data.enrolmentId),
      trackId: organisationOrTrackId(data.trackId),
    }),
  TrackEnrolmentEnded: (data, p) =>
    present({ journeyId: pseudonymOf(p, data.journeyId), enrolmentId: pseudonymOf(p, data.enrolmentId) }),
  InterventionPlanned: (data, p) =>
    present({
      journeyId: pseudonymOf(p, data.journeyId),
      interventionId: pseudonymOf(p, data.interventionId),
      type: oneOf(INTERVENTION_TYPES, data.type),
      providerOrganisationId: organisationOrTrackId(data.providerOrganisationId),
      enrolmentId: pseudonymOf(p, data.enrolmentId),
    }),
  InterventionStarted: (data, p) =>
    present({ journeyId: pseudonymOf(p, data.journeyId), interventionId: pseudonymOf(p, data.interventionId) }),
  InterventionCompleted: (data, p) =>
    present({ journeyId: pseudonymOf(p, data.journeyId), interventionId: pseudonymOf(p, data.interventionId) }),
  InterventionInterrupted: (data, p) =>
    present({
      journeyId: pseudonymOf(p, data.journeyId),
      interventionId: pseudonymOf(p, data.interventionId),
      reason: oneOf(INTERRUPTION_REASONS, data.reason),
    }),
  LabourMarketStatusRecorded: (data, p) =>
    present({
      journeyId: pseudonymOf(p, data.journeyId),
      statusId: pseudonymOf(p, data.statusId),
      moment: oneOf(STATUS_MOMENTS, data.moment),
      status: oneOf(LABOUR_MARKET_STATUSES, data.status),
      incomeSources: Array.isArray(data.incomeSources)
        ? data.incomeSources.map((source) => oneOf(INCOME_SOURCES, source)).filter((source) => source !== null)
        : [],
      expectedToLastOneMonth: flag(data.expectedToLastOneMonth),
      enrolmentId: pseudonymOf(p, data.enrolmentId),
      // Evaluators need it for ESF+ long-term unemployment; a day, like every occurredAt in the export.
      unemployedSince: calendarDay(data.unemployedSince),
    }),
  JourneyClosed: (data, p) => present({ journeyId: pseudonymOf(p, data.journeyId), reason: oneOf(CLOSING_REASONS, data.reason) }),
  JourneyReopened: (data, p) => present({ journeyId: pseudonymOf(p, data.journeyId) }),
  // The reason is free text: left out.
  StepCorrected: (data, p) =>
    present({ journeyId: pseudonymOf(p, data.journeyId), correctedEventId: pseudonymOf(p, data.correctedEventId) }),
};

const ORGANISATION_EVENTS: Mappers<OrganisationEvent> = {
  OrganisationRegistered: (data) =>
    present({
      organisationId: organisationOrTrackId(data.organisationId),
      name: catalogueText(data.name),
      kind: oneOf(ORGANISATION_KINDS, data.kind),
      municipalityCode:
        typeof data.municipalityCode === 'string' && MUNICIPALITY.test(data.municipalityCode) ? data.municipalityCode : null,
      referralDeadlineDays: wholeNumber(data.referralDeadlineDays),
    }),
  UnitAdded: (data) => present({ unitId: organisationOrTrackId(data.unitId), name: catalogueText(data.name) }),
};

const TRACK_EVENTS: Mappers<TrackEvent> = {
  TrackDefined: (data) =>
    present({
      trackId: organisationOrTrackId(data.trackId),
      name: catalogueText(data.name),
      kind: oneOf(TRACK_KINDS, data.kind),
      ownerOrganisationId: organisationOrTrackId(data.ownerOrganisationId),
      employerOrganisationIds: ids(data.employerOrganisationIds),
      occupation: catalogueText(data.occupation),
    }),
  TrackRevised: (data) =>
    present({
      name: catalogueText(data.name),
      employerOrganisationIds: Array.isArray(data.employerOrganisationIds) ? ids(data.employerOrganisationIds) : null,
      occupation: catalogueText(data.occupation),
    }),
  // The retire reason is an open code an admin types: left out.
  TrackRetired: () => ({}),
};

type Mapper = (data: never, pseudonym: IdPseudonym) => ExportData;
const MAPPERS: Readonly<Record<ExportCategory, Readonly<Record<string, Mapper>>>> = {
  participant: PARTICIPANT_EVENTS,
  organisation: ORGANISATION_EVENTS,
  track: TRACK_EVENTS,
};

/** The event types an export can hold, per category. */
export const EXPORT_EVENT_TYPES: Readonly<Record<ExportCategory, readonly string[]>> = {
  participant: Object.keys(PARTICIPANT_EVENTS),
  organisation: Object.keys(ORGANISATION_EVENTS),
  track: Object.keys(TRACK_EVENTS),
};
export const ALL_EXPORT_EVENT_TYPES: readonly string[] = Object.values(EXPORT_EVENT_TYPES).flat();

/** Splits `category-id` at the first `-`, as the store does. */
export function streamParts(streamId: string): { category: string; id: string } {
  const dash = streamId.indexOf('-');
  return dash < 0 ? { category: streamId, id: '' } : { category: streamId.slice(0, dash), id: streamId.slice(dash + 1) };
}

const isExportCategory = (category: string): category is ExportCategory =>
  (EXPORT_CATEGORIES as readonly string[]).includes(category);

/**
 * The event as an evaluator may see it, or undefined when its stream or type is not on the allow-list:
 * an unknown event is left out, never passed through.
 */
export function pseudonymisedEvent(event: RecordedEvent, pseudonym: Pseudonym | ExportPseudonyms): ExportRecord | undefined {
  const { category, id } = streamParts(event.streamId);
  const map = mapperOf(category, id, event.type);
  if (!map) return undefined;
  const data = (event.data ?? {}) as never;
  const pseudonyms = typeof pseudonym === 'function' ? uncached(pseudonym) : pseudonym;
  const participant = category === PARTICIPANT_CATEGORY ? pseudonymOf(pseudonyms.recurring, id) : null;
  if (category === PARTICIPANT_CATEGORY && participant === null) return undefined;
  const stream = participant !== null ? `${category}-${participant}` : `${category}-${organisationOrTrackId(id) ?? ''}`;
  const actor = event.metadata.actor;
  return {
    event: pseudonyms.event(event.id),
    type: event.type,
    stream,
    revision: event.revision,
    position: event.globalPosition,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    // The user id names a person: only the role and the organisation acted for.
    actor: {
      role: typeof actor?.role === 'string' && ROLE.test(actor.role) ? actor.role : null,
      organisationId: organisationOrTrackId(actor?.organisationId),
    },
    participant,
    data: map(data, pseudonyms.recurring),
  };
}

/**
 * The event's data as pseudonymisedEvent passes it, without the rest of the record: for a replay, which shows the
 * data of every event and would otherwise pseudonymise each event's id for nothing.
 */
export function pseudonymisedData(event: RecordedEvent, pseudonym: Pseudonym): ExportData | undefined {
  const { category, id } = streamParts(event.streamId);
  return mapperOf(category, id, event.type)?.((event.data ?? {}) as never, pseudonym);
}

/** The allow-list's entry for an event, if its stream and type are on it (a participant's stream named by an id). */
function mapperOf(category: string, id: string, type: string): Mapper | undefined {
  if (!isExportCategory(category) || !Object.hasOwn(MAPPERS[category], type)) return undefined;
  if (category === PARTICIPANT_CATEGORY && id.length === 0) return undefined;
  return MAPPERS[category][type];
}

/** The fixed CSV columns; `data` holds the record's data as compact JSON. */
export const CSV_COLUMNS = [
  'event',
  'type',
  'participant',
  'occurredAt',
  'recordedAt',
  'role',
  'organisationId',
  'data',
] as const;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header row, RFC 4180 with CRLF. */
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

/** One record as one CSV row, with its CRLF. */
export function csvRow(record: ExportRecord): string {
  return `${[
    record.event,
    record.type,
    record.participant,
    record.occurredAt,
    record.recordedAt,
    record.actor.role,
    record.actor.organisationId,
    JSON.stringify(record.data),
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}

/** One record as one NDJSON line. */
export const ndjsonLine = (record: ExportRecord): string => `${JSON.stringify(record)}\n`;
