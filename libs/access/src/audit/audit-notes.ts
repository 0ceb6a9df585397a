import { isUuid } from '@samspar/kernel';

/** What a controller tells the audit about its request, beyond the route and its params. */
export interface AuditNotes {
  readonly fields: Set<string>;
  readonly consents: Set<string>;
  participantId?: string;
  journeyId?: string;
}

// Beside the request, like the principal, so that request loggers never serialise it.
const notes = new WeakMap<object, AuditNotes>();

export function auditNotesOf(request: object): AuditNotes {
  let found = notes.get(request);
  if (!found) {
    found = { fields: new Set(), consents: new Set() };
    notes.set(request, found);
  }
  return found;
}

/** Names the personal fields this request disclosed, e.g. `auditFields(request, ['personnummer', 'firstName'])`. */
export function auditFields(request: object, fields: Iterable<string>): void {
  const known = auditNotesOf(request).fields;
  for (const field of fields) known.add(field);
}

/** Names the consents through which this request read another organisation's records. */
export function auditConsents(request: object, consentIds: Iterable<string>): void {
  const known = auditNotesOf(request).consents;
  for (const id of consentIds) if (isUuid(id)) known.add(id.toLowerCase());
}

/** Names the participant or journey a request is about when its path does not, e.g. a lookup by personnummer. */
export function auditSubject(request: object, subject: { readonly participantId?: string; readonly journeyId?: string }): void {
  const known = auditNotesOf(request);
  if (subject.participantId !== undefined && isUuid(subject.participantId)) known.participantId = subject.participantId;
  if (subject.journeyId !== undefined && isUuid(subject.journeyId)) known.journeyId = subject.journeyId;
}
