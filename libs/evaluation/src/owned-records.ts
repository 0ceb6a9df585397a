import type { EventStore } from '@samspar/event-store';
import {
  PARTICIPANT_CATEGORY,
  emptyLedger,
  normaliseOrganisationId,
  ownerOf,
  recordInLedger,
  sharingEventOf,
} from '@samspar/journeys';
import type { SharingLedger } from '@samspar/journeys';
import type { RecordedEvent } from '@samspar/kernel';

const LEDGERS_KEPT = 20_000;

/**
 * Tells, event by event in the log's order, whether a record belongs to one of the given organisations, by the
 * sharing rule's owners (see @samspar/journeys sharing). Catalogue events belong to nobody in particular and
 * always pass. It keeps the ledgers of the most recent participants only; an older one is read again from its
 * stream when it comes back, so memory stays bounded however long the log.
 */
export class OwnedRecords {
  private readonly owners: ReadonlySet<string>;
  private readonly ledgers = new Map<string, { ledger: SharingLedger; revision: number }>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    organisations: readonly string[],
  ) {
    this.owners = new Set(organisations.map(normaliseOrganisationId));
  }

  /** Call for every event of the participant streams, in order, also for those a filter then leaves out. */
  async owned(event: RecordedEvent): Promise<boolean> {
    if (!event.streamId.startsWith(`${PARTICIPANT_CATEGORY}-`)) return true;
    let kept = this.ledgers.get(event.streamId);
    if (kept === undefined || kept.revision !== event.revision - 1) kept = await this.replay(event.streamId, event.revision);
    const shared = sharingEventOf(event);
    const owner = ownerOf(kept.ledger, shared);
    this.ledgers.delete(event.streamId);
    this.ledgers.set(event.streamId, { ledger: recordInLedger(kept.ledger, shared), revision: event.revision });
    if (this.ledgers.size > LEDGERS_KEPT) this.ledgers.delete(this.ledgers.keys().next().value!);
    return owner !== undefined && this.owners.has(owner);
  }

  /** The ledger of the stream's events before `revision`. */
  private async replay(streamId: string, revision: number): Promise<{ ledger: SharingLedger; revision: number }> {
    let ledger = emptyLedger;
    if (revision > 0) {
      for await (const event of this.store.readStream(streamId, { maxCount: revision })) {
        ledger = recordInLedger(ledger, sharingEventOf(event));
      }
    }
    return { ledger, revision: revision - 1 };
  }
}
