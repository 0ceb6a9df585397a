import type { EventStore } from '@samspar/event-store';
import { EventIdReusedError } from '@samspar/event-store';
import { Identity, claimedIdsOf, ParticipantRegistry, TrackKind } from '@samspar/journeys';
import { ConcurrencyError } from '@samspar/kernel';
import { KeyVault, LookupHasher, parsePersonnummer } from '@samspar/privacy';
import { DemoStream } from './decided-stream';
import { OutcomeRates, OutcomeTally } from './outcome-tally';
import { ParticipantPlan, planParticipant } from './participant-story';
import { participantStream } from './participant-stream';
import { DemoRegion, catalogueStreams, demoRegion } from './region';

export const MAX_DEMO_PARTICIPANTS = 1_000_000;
export const DEFAULT_DEMO_SEED = 1;
export const DEFAULT_DEMO_CONCURRENCY = 8;

/** Where the demo region goes: the same store, vault, hasher and registry the api uses. */
export interface DemoDataTargets {
  readonly store: EventStore;
  readonly vault: KeyVault;
  readonly hasher: LookupHasher;
  readonly registry: ParticipantRegistry;
}

export interface DemoDataOptions {
  /** 1 to MAX_DEMO_PARTICIPANTS. */
  readonly participants: number;
  /** The same seed and `now` give the same region, ids and events. Defaults to 1. */
  readonly seed?: number;
  /** The end of the generated history: nothing happens after it. */
  readonly now: Date;
  /** Participants appended at once; each takes one connection at a time. Defaults to 8. */
  readonly concurrency?: number;
  /** Called after the catalogue (0 done) and after each participant. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DemoDataSummary {
  readonly seed: number;
  readonly organisations: number;
  readonly tracks: number;
  readonly participants: number;
  /** Events in the generated streams, whether this run appended them or an earlier one did. */
  readonly events: number;
  readonly durationMs: number;
  readonly outcomes: OutcomeRates;
}

/** A demo run that meets data it did not write: another seed or `now` on the same database. */
export class DemoDataConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoDataConflictError';
  }
}

/**
 * Writes a synthetic Göteborgsregionen: the catalogue first, then each participant's stream in one append,
 * decided by the real deciders. Personal data is sealed and its hash reserved as registration does it.
 * Event ids come from the seed, so a second run with the same seed and `now` appends nothing.
 */
export async function generateDemoData(targets: DemoDataTargets, options: DemoDataOptions): Promise<DemoDataSummary> {
  const started = Date.now();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  checkOptions(options, seed);
  const region = demoRegion(seed, options.now);
  const catalogue = catalogueStreams(region);
  let events = 0;
  for (const stream of catalogue) events += await append(targets.store, stream);
  options.onProgress?.(0, options.participants);

  const tally = new OutcomeTally(trackKinds(region));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.participants) {
      const index = next++;
      const stream = await writeParticipant(targets, planParticipant(region, index, { seed, now: options.now }));
      tally.addStream(stream.events);
      events += stream.events.length;
      options.onProgress?.(++done, options.participants);
    }
  };
  const workers = Math.min(options.concurrency ?? DEFAULT_DEMO_CONCURRENCY, options.participants);
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    seed,
    organisations: region.organisations.length,
    tracks: region.tracks.length,
    participants: options.participants,
    events,
    durationMs: Date.now() - started,
    outcomes: tally.rates(),
  };
}

/** The participant's events for a plan, with its identity protected as ParticipantRegistration protects it. */
export async function writeParticipant(targets: DemoDataTargets, plan: ParticipantPlan): Promise<DemoStream> {
  const { identity, release } = await protect(targets, plan);
  try {
    const stream = participantStream(plan, identity);
    // Recorded before the append, as the referring route does, so that the receiver can answer by referral id.
    await Promise.all(
      stream.events
        .filter((event) => event.type === 'ParticipantReferred')
        .map((event) => targets.registry.recordReferral((event.data as { referralId: string }).referralId, plan.participantId)),
    );
    // The ids the commands would have claimed, so that no later command can give one to another participant.
    await targets.registry.claimAll(plan.participantId, claimedIdsOf(stream.events));
    await append(targets.store, stream);
    return stream;
  } catch (error) {
    await release?.();
    throw error;
  }
}

async function protect(
  targets: DemoDataTargets,
  plan: ParticipantPlan,
): Promise<{ identity: Identity; release?: () => Promise<void> }> {
  if (!plan.personal) return { identity: { kind: 'anonymous', reason: plan.anonymousReason ?? 'no_consent' } };
  const person = parsePersonnummer(plan.personal.personnummer, new Date(plan.registration.at));
  const lookupHash = targets.hasher.hash(person.value);
  const reservation = await targets.registry.reserve(lookupHash, plan.participantId);
  if (!reservation.reserved) {
    throw new DemoDataConflictError(
      `Participant ${plan.index} has a personnummer that participant ${reservation.heldBy} already holds: the database has demo data of another seed or date; use another DATABASE_SCHEMA, or the seed and date of the first run.`,
    );
  }
  const release = reservation.fresh ? () => targets.registry.release(lookupHash, plan.participantId) : undefined;
  try {
    const sealed = await targets.vault.encrypt(plan.participantId, { ...plan.personal, personnummer: person.value });
    return { identity: { kind: 'identified', personal: sealed, lookupHash }, ...(release ? { release } : {}) };
  } catch (error) {
    await release?.();
    throw error;
  }
}

/** One append per stream. A stream stored before with the same ids is a repeat and appends nothing. */
async function append(store: EventStore, stream: DemoStream): Promise<number> {
  try {
    await store.append(stream.streamId, stream.events, { expectedRevision: 'no_stream' });
    return stream.events.length;
  } catch (error) {
    if (error instanceof EventIdReusedError || error instanceof ConcurrencyError) {
      throw new DemoDataConflictError(
        `${stream.streamId} already holds other events: the database has demo data of another date or size; use another DATABASE_SCHEMA, or the seed and date of the first run.`,
      );
    }
    throw error;
  }
}

function checkOptions(options: DemoDataOptions, seed: number): void {
  if (!Number.isInteger(options.participants) || options.participants < 1 || options.participants > MAX_DEMO_PARTICIPANTS) {
    throw new RangeError(`participants must be a whole number from 1 to ${MAX_DEMO_PARTICIPANTS}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a whole number');
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new RangeError('now must be a valid date');
  const concurrency = options.concurrency ?? DEFAULT_DEMO_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number of at least 1');
}

export function trackKinds(region: DemoRegion): ReadonlyMap<string, TrackKind> {
  return new Map(region.tracks.map((track) => [track.trackId, track.kind]));
}
