import type { AuditLog } from '@samspar/access';
import type { EventStore } from '@samspar/event-store';
import { participantStreamName } from '@samspar/journeys';
import type { Identity, ParticipantLookup } from '@samspar/journeys';
import type { KeyVault, SealedValue } from '@samspar/privacy';
import type { ParticipantLastEntry, ReadModelRegistry } from '@samspar/read-models';
import { birthDayOf, gallringDeadline, gallringDueAt, latestDueEntry } from './gallring-rule';
import { LastEntryOptions, LastEntrySource, identityOf, readLastEntries } from './last-entries';

export interface GallringOptions extends LastEntryOptions {
  /** The instant the rule is judged at. */
  readonly now: Date;
  /** Days of the month whose people are kept for research; empty for no exception. */
  readonly researchDays: readonly number[];
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
  /** Participants with a record: rows of the journeys read model, or participant streams of the log. */
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
  /** Where the last entries were read. */
  readonly source: LastEntrySource;
  readonly candidates: readonly GallringCandidate[];
  /** Due participants whose key is destroyed already; an apply finishes their lookup rows. */
  readonly erased: readonly string[];
  readonly counts: GallringCounts;
}

type DueOutcome = 'anonymous' | 'erased' | 'keptForResearch' | 'candidate';

/**
 * Reads each participant's last entry (see readLastEntries), then judges the due ones. Only for those is the
 * registration read again and, when research days are set, the personnummer opened, for its day of birth and
 * nothing else.
 */
export async function findGallringCandidates(
  deps: Pick<GallringDeps, 'store' | 'vault' | 'readModels'>,
  options: GallringOptions,
): Promise<GallringScan> {
  const read = await readLastEntries(deps.store, deps.readModels, latestDueEntry(options.now), options);
  const research = new Set(options.researchDays);
  const candidates: GallringCandidate[] = [];
  const erased: string[] = [];
  let due = 0;
  let keptForResearch = 0;
  let anonymous = 0;
  for (const entry of read.entries) {
    const dueAt = gallringDueAt(new Date(entry.lastEntryAt));
    // The entries reach a little past the due ones (see latestDueEntry): the rule decides.
    if (dueAt.getTime() > options.now.getTime()) continue;
    due += 1;
    const outcome = await judgeDue(deps, entry, research);
    if (outcome === 'anonymous') anonymous += 1;
    else if (outcome === 'keptForResearch') keptForResearch += 1;
    else if (outcome === 'erased') erased.push(entry.participantId);
    else candidates.push(candidateOf(entry, dueAt));
  }
  candidates.sort((a, b) => a.lastEntryAt.localeCompare(b.lastEntryAt) || a.participantId.localeCompare(b.participantId));
  return {
    source: read.source,
    candidates,
    erased,
    counts: {
      participants: read.participants,
      notYetDue: read.participants - due,
      keptForResearch,
      anonymous,
      alreadyErased: erased.length,
      cleared: candidates.length,
    },
  };
}

/** What becomes of a due participant: the registration decides, and the day of birth when research days are set. */
async function judgeDue(
  deps: Pick<GallringDeps, 'store' | 'vault'>,
  entry: ParticipantLastEntry,
  research: ReadonlySet<number>,
): Promise<DueOutcome> {
  if (entry.anonymous) return 'anonymous';
  const identity = await registeredIdentity(deps.store, entry.participantId);
  if (identity?.kind !== 'identified') return 'anonymous';
  // No day to read: the personnummer stays sealed.
  if (research.size === 0) return (await deps.vault.isDestroyed(entry.participantId)) ? 'erased' : 'candidate';
  const personal = await deps.vault.decrypt<{ personnummer?: unknown }>(identity.personal as SealedValue);
  if (personal.status === 'erased') return 'erased';
  const day = birthDayOf(personal.value.personnummer);
  return day !== undefined && research.has(day) ? 'keptForResearch' : 'candidate';
}

function candidateOf(entry: ParticipantLastEntry, dueAt: Date): GallringCandidate {
  return {
    participantId: entry.participantId,
    lastEntryAt: entry.lastEntryAt,
    dueAt: dueAt.toISOString(),
    deadline: gallringDeadline(dueAt),
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
  /** Where the journeys read model is, whose last entries gallring reads when it is current. */
  readonly readModels: ReadModelRegistry;
}

export interface GallringRunOptions extends GallringOptions {
  /** False: a dry run, which only lists. */
  readonly apply: boolean;
}

export interface GallringResult {
  readonly mode: 'dry-run' | 'apply';
  readonly now: string;
  readonly researchDays: readonly number[];
  /** Where the last entries were read. */
  readonly source: LastEntrySource;
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
  const scan = await findGallringCandidates(deps, options);
  const base = { now: options.now.toISOString(), researchDays: [...options.researchDays], source: scan.source };
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
    purpose: `SoL 12:1: ${summaryWithSource({ counts, source: scan.source })}`,
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

const SOURCE_NAMES: Record<LastEntrySource, string> = {
  'read-model': 'last entries from the journeys read model',
  'log-scan': 'last entries from a scan of the participant log',
};

/** The counts and where the last entries came from: for the audit summary and the projector's log. */
export function summaryWithSource(result: Pick<GallringResult, 'counts' | 'source'>): string {
  return `${summaryOf(result.counts)}; ${SOURCE_NAMES[result.source]}`;
}

async function registeredIdentity(store: EventStore, participantId: string): Promise<Identity | undefined> {
  for await (const event of store.readStream(participantStreamName(participantId), { maxCount: 1 })) {
    return event.type === 'ParticipantRegistered' ? identityOf(event) : undefined;
  }
  return undefined;
}
