import type { AuditLog } from '@samspar/access';
import type { EventStore } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import type { KeyVault, SealedValue } from '@samspar/privacy';
import { PARTICIPANT_CATEGORY, participantStreamName } from '@samspar/journeys';
import type { Identity, ParticipantEvent, ParticipantLookup } from '@samspar/journeys';
import { birthDayOf, gallringDeadline, gallringDueAt } from './gallring-rule';

export interface GallringOptions {
  /** The instant the rule is judged at. */
  readonly now: Date;
  /** Days of the month whose people are kept for research; empty for no exception. */
  readonly researchDays: readonly number[];
  /** Events read per batch; default 1000. */
  readonly batchSize?: number;
}

export interface GallringCandidate {
  readonly participantId: string;
  /** ISO 8601: when the last event of the participant's stream was recorded. */
  readonly lastEntryAt: string;
  /** ISO 8601: the last entry plus five years. */
  readonly dueAt: string;
  /** YYYY-MM-DD: 31 December of the year after dueAt, the legal deadline. */
  readonly deadline: string;
}

export interface GallringCounts {
  /** Participant streams read. */
  readonly participants: number;
  readonly notYetDue: number;
  /** Due, but born on a research day. */
  readonly keptForResearch: number;
  /** Due, but with no personal data and no key. */
  readonly anonymous: number;
  /** Due, and their key was destroyed before. */
  readonly alreadyErased: number;
  /** Due and to be cleared (dry run), or cleared now (apply). */
  readonly cleared: number;
}

export interface GallringScan {
  readonly candidates: readonly GallringCandidate[];
  /** Due participants whose key is destroyed already; an apply finishes their lookup rows. */
  readonly erased: readonly string[];
  readonly counts: GallringCounts;
}

/** One small record per participant while the log is read: the scan's only memory that grows. */
interface Seen {
  lastRecordedAt: number;
  identified: boolean;
}

const DEFAULT_BATCH = 1_000;
const STREAM_PREFIX = `${PARTICIPANT_CATEGORY}-`;

/**
 * Reads every participant stream once for its last entry (the latest recordedAt: an entry is made when it is
 * recorded), then judges the due ones. Only for those is the registration read again and, when research days
 * are set, the personnummer opened, for its day of birth and nothing else.
 */
export async function findGallringCandidates(
  store: EventStore,
  vault: KeyVault,
  options: GallringOptions,
): Promise<GallringScan> {
  const seen = new Map<string, Seen>();
  const events = store.readAll({ filter: { categories: [PARTICIPANT_CATEGORY] }, batchSize: options.batchSize ?? DEFAULT_BATCH });
  for await (const event of events) {
    if (!event.streamId.startsWith(STREAM_PREFIX)) continue;
    const participantId = event.streamId.slice(STREAM_PREFIX.length);
    const recordedAt = Date.parse(event.recordedAt);
    const record = seen.get(participantId);
    const identified = event.type === 'ParticipantRegistered' ? identityOf(event)?.kind === 'identified' : undefined;
    if (!record) {
      seen.set(participantId, { lastRecordedAt: recordedAt, identified: identified ?? false });
    } else {
      if (recordedAt > record.lastRecordedAt) record.lastRecordedAt = recordedAt;
      if (identified !== undefined) record.identified = identified;
    }
  }

  const now = options.now.getTime();
  const research = new Set(options.researchDays);
  const candidates: GallringCandidate[] = [];
  const erased: string[] = [];
  let notYetDue = 0;
  let keptForResearch = 0;
  let anonymous = 0;
  for (const [participantId, record] of seen) {
    const dueAt = gallringDueAt(new Date(record.lastRecordedAt));
    if (dueAt.getTime() > now) {
      notYetDue += 1;
      continue;
    }
    if (!record.identified) {
      anonymous += 1;
      continue;
    }
    const identity = await registeredIdentity(store, participantId);
    if (identity?.kind !== 'identified') {
      anonymous += 1;
      continue;
    }
    if (research.size === 0) {
      // No day to read: the personnummer stays sealed.
      if (await vault.isDestroyed(participantId)) {
        erased.push(participantId);
        continue;
      }
    } else {
      const personal = await vault.decrypt<{ personnummer?: unknown }>(identity.personal as SealedValue);
      if (personal.status === 'erased') {
        erased.push(participantId);
        continue;
      }
      const day = birthDayOf(personal.value.personnummer);
      if (day !== undefined && research.has(day)) {
        keptForResearch += 1;
        continue;
      }
    }
    candidates.push({
      participantId,
      lastEntryAt: new Date(record.lastRecordedAt).toISOString(),
      dueAt: dueAt.toISOString(),
      deadline: gallringDeadline(dueAt),
    });
  }
  candidates.sort((a, b) => a.lastEntryAt.localeCompare(b.lastEntryAt) || a.participantId.localeCompare(b.participantId));
  return {
    candidates,
    erased,
    counts: {
      participants: seen.size,
      notYetDue,
      keptForResearch,
      anonymous,
      alreadyErased: erased.length,
      cleared: candidates.length,
    },
  };
}

export type GallringEndpoint = 'cli gallring' | 'projector gallring';

export interface GallringDeps {
  readonly store: EventStore;
  readonly vault: KeyVault;
  readonly registry: ParticipantLookup;
  readonly audit: AuditLog;
  /** Where the audit log says the gallring came from. */
  readonly endpoint: GallringEndpoint;
}

export interface GallringRunOptions extends GallringOptions {
  /** False: a dry run, which only lists. */
  readonly apply: boolean;
}

export interface GallringResult {
  readonly mode: 'dry-run' | 'apply';
  readonly now: string;
  readonly researchDays: readonly number[];
  /** Those that would be cleared (dry run), or that were cleared now (apply). */
  readonly cleared: readonly GallringCandidate[];
  readonly counts: GallringCounts;
}

export const GALLRING_ACTION = 'gallring';
export const GALLRING_REASON = 'gallring SoL 12:1';
const SYSTEM = { userId: 'system', role: 'system' } as const;
/** What destroying the key makes unreadable: everything sealed in ParticipantRegistered. */
const ERASED_FIELDS = ['personnummer', 'name', 'phone', 'email'] as const;

/**
 * Dry run: lists who is due. Apply: for each, an audit entry, then the key destroyed (every sealed field of the
 * participant reads as erased from then on) and the lookup row deleted; then one summary entry. The audit entry
 * comes first, so that a failing audit log stops the gallring rather than leaving it unrecorded. Idempotent: a
 * cleared participant is already erased on the next run.
 */
export async function runGallring(deps: GallringDeps, options: GallringRunOptions): Promise<GallringResult> {
  const scan = await findGallringCandidates(deps.store, deps.vault, options);
  const base = { now: options.now.toISOString(), researchDays: [...options.researchDays] };
  if (!options.apply) return { mode: 'dry-run', ...base, cleared: scan.candidates, counts: scan.counts };

  // A run stopped between destroying a key and deleting its lookup row is finished here; no row, no change.
  for (const participantId of scan.erased) await deps.registry.forget(participantId);

  const cleared: GallringCandidate[] = [];
  let alreadyErased = scan.counts.alreadyErased;
  for (const candidate of scan.candidates) {
    await deps.audit.record({
      ...SYSTEM,
      action: GALLRING_ACTION,
      endpoint: deps.endpoint,
      participantId: candidate.participantId,
      fields: ERASED_FIELDS,
      purpose: 'SoL 12:1',
      outcome: 'applied',
    });
    const destruction = await deps.vault.destroyKey(candidate.participantId, GALLRING_REASON);
    await deps.registry.forget(candidate.participantId);
    // Another instance may have cleared it meanwhile.
    if (destruction.alreadyDestroyed) alreadyErased += 1;
    else cleared.push(candidate);
  }
  const counts: GallringCounts = { ...scan.counts, alreadyErased, cleared: cleared.length };
  await deps.audit.record({
    ...SYSTEM,
    action: GALLRING_ACTION,
    endpoint: deps.endpoint,
    purpose: `SoL 12:1: ${summaryOf(counts)}`,
    outcome: 'applied',
  });
  return { mode: 'apply', ...base, cleared, counts };
}

/** Counts only, never ids or personal data: for logs and the audit summary. */
export function summaryOf(counts: GallringCounts): string {
  return (
    `${counts.cleared} cleared, ${counts.keptForResearch} kept for research, ${counts.alreadyErased} already erased, ` +
    `${counts.anonymous} anonymous, ${counts.notYetDue} not yet due, of ${counts.participants} participants`
  );
}

function identityOf(event: RecordedEvent): Identity | undefined {
  return (event.data as Partial<Extract<ParticipantEvent, { type: 'ParticipantRegistered' }>['data']>).identity;
}

async function registeredIdentity(store: EventStore, participantId: string): Promise<Identity | undefined> {
  for await (const event of store.readStream(participantStreamName(participantId), { maxCount: 1 })) {
    return event.type === 'ParticipantRegistered' ? identityOf(event) : undefined;
  }
  return undefined;
}
