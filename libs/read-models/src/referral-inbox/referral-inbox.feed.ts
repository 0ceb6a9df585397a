import type { MessageEvent } from '@nestjs/common';
import { concat, concatMap, defer, filter, finalize, from, interval, map, merge, of, retry, switchMap, timer } from 'rxjs';
import type { Observable } from 'rxjs';
import type { EventStore, SubscriptionBatch } from '@samspar/event-store';
import type { GlobalPosition, RecordedEvent } from '@samspar/kernel';
import type { InboxReferral, ReferralList } from './referral-inbox.query';

/** The events that put a referral in an inbox or take it out. */
export const REFERRAL_EVENT_TYPES = [
  'ParticipantReferred',
  'ReferralAccepted',
  'ReferralDeclined',
  'ReferralWithdrawn',
  'ReferralExpired',
];

/** Under the 30–60 s after which proxies drop a quiet connection. */
export const HEARTBEAT_MS = 25_000;

type Inbox = ReferralList<InboxReferral>;

export interface InboxFeedOptions {
  readonly store: Pick<EventStore, 'subscribe' | 'headPosition'>;
  readonly organisationId: string;
  /** The inbox as the journeys read model has it once it has applied `position`. */
  readonly load: (position: GlobalPosition) => Promise<Inbox>;
  readonly heartbeatMs?: number;
  /** Told of each failure before the feed starts over; the client only sees the next inbox. */
  readonly onRetry?: (error: unknown, attempt: number) => void;
  /** The first pause before starting over (ms); it doubles, up to ten seconds. */
  readonly retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 10_000;

/** Whether a batch can change the inbox: a referral to the organisation, or an answer to one that is in it. */
function touches(events: readonly RecordedEvent[], organisationId: string, shown: Inbox): boolean {
  const inInbox = new Set(shown.referrals.map((each) => each.referralId));
  return events.some((event) => {
    const data = event.data as { referralId?: string; toOrganisationId?: string };
    return event.type === 'ParticipantReferred' ? data.toOrganisationId === organisationId : inInbox.has(data.referralId ?? '');
  });
}

const sameReferrals = (a: Inbox, b: Inbox): boolean =>
  a.referrals.length === b.referrals.length && a.referrals.every((each, i) => each.referralId === b.referrals[i]!.referralId);

/**
 * The inbox now, then again each time the store's referral events change it, once the read model has applied
 * them (it may run in another process, so its checkpoint is what counts). A comment every 25 s keeps the
 * connection open. Unsubscribing ends the store subscription.
 */
export function inboxFeed(options: InboxFeedOptions): Observable<MessageEvent> {
  const { store, organisationId, load } = options;
  const inboxes = defer(async () => {
    // The head first, then the inbox at it: every later event comes through the subscription.
    const head = await store.headPosition();
    return { head, first: await load(head) };
  }).pipe(
    switchMap(({ head, first }) => {
      let shown = first;
      const changed = (batch: SubscriptionBatch): Observable<Inbox | undefined> =>
        from(
          (async () => {
            if (!touches(batch.events, organisationId, shown)) return undefined;
            // The last referral event, not batch.position: the journeys read model never sees the events past it.
            const next = await load(batch.events.at(-1)!.globalPosition);
            if (sameReferrals(next, shown)) return undefined;
            return (shown = next);
          })(),
        ).pipe(finalize(() => batch.ack()));
      const updates = store.subscribe({ from: head, filter: { types: REFERRAL_EVENT_TYPES }, manualAck: true }).pipe(
        filter((batch) => {
          if (batch.events.length > 0) return true;
          batch.ack();
          return false;
        }),
        concatMap(changed),
        filter((inbox): inbox is Inbox => inbox !== undefined),
      );
      return concat(of(first), updates);
    }),
    // A caseworker keeps the page open for hours: a read model still being built, or a database that went
    // away, must not end the feed in silence. It starts over, and the first inbox it sends is the current one.
    retry({
      resetOnSuccess: true,
      delay: (error: unknown, attempt: number) => {
        options.onRetry?.(error, attempt);
        return timer(Math.min((options.retryDelayMs ?? 250) * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
      },
    }),
    map((inbox): MessageEvent => ({ type: 'inbox', data: inbox })),
  );
  const heartbeats = interval(options.heartbeatMs ?? HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
  return merge(inboxes, heartbeats);
}
