import type { MessageEvent } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { SubscriptionBatch } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import { recorded } from '../testing/projection-harness';
import { HEARTBEAT_MS, inboxFeed } from './referral-inbox.feed';
import type { InboxReferral, ReferralList } from './referral-inbox.query';

const ORG = '22222222-2222-4222-8222-222222222222';
const inbox = (...ids: string[]): ReferralList<InboxReferral> => ({
  organisationId: ORG,
  asOf: '2026-03-01T12:00:00.000Z',
  referrals: ids.map((referralId) => ({ referralId }) as InboxReferral),
});

function fakeStore() {
  const batches = new Subject<SubscriptionBatch>();
  const state = { subscribed: 0, unsubscribed: 0, acked: 0, from: undefined as string | undefined };
  const store = {
    headPosition: async () => '10:0',
    subscribe: (options?: { from?: string }) =>
      new Observable<SubscriptionBatch>((subscriber) => {
        state.subscribed += 1;
        state.from = options?.from;
        const inner = batches.subscribe(subscriber);
        return () => {
          state.unsubscribed += 1;
          inner.unsubscribe();
        };
      }),
  };
  const push = (events: RecordedEvent[]) =>
    batches.next({ events, position: events.at(-1)!.globalPosition, caughtUp: true, ack: () => (state.acked += 1) });
  return { store, state, push };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('The inbox feed', () => {
  it('sends the inbox, then a new one only when a referral to the organisation changes it, and lets go of the store', async () => {
    const { store, state, push } = fakeStore();
    let current = inbox();
    const loadedAt: string[] = [];
    const received: MessageEvent[] = [];
    const subscription = inboxFeed({
      store,
      organisationId: ORG,
      load: async (position) => (loadedAt.push(position), current),
      heartbeatMs: 60_000,
    }).subscribe((event) => received.push(event));
    await flush();
    expect(state.from).toBe('10:0');
    expect(loadedAt).toEqual(['10:0']);

    // A referral to another organisation: no query, nothing sent.
    push([
      recorded(
        'participant-x',
        { type: 'ParticipantReferred', data: { referralId: 'r0', toOrganisationId: 'elsewhere' } },
        '2026-03-01T12:00:00Z',
      ),
    ]);
    await flush();
    expect(loadedAt).toHaveLength(1);

    current = inbox('r1');
    const referred = recorded(
      'participant-y',
      { type: 'ParticipantReferred', data: { referralId: 'r1', toOrganisationId: ORG } },
      '2026-03-01T12:00:00Z',
    );
    push([referred]);
    await flush();
    expect(loadedAt.at(-1)).toBe(referred.globalPosition);

    current = inbox();
    push([recorded('participant-y', { type: 'ReferralAccepted', data: { referralId: 'r1' } }, '2026-03-01T12:01:00Z')]);
    await flush();

    expect(received.map((event) => (event.data as ReferralList<InboxReferral>).referrals.map((each) => each.referralId))).toEqual(
      [[], ['r1'], []],
    );
    expect(state.acked).toBe(3);
    subscription.unsubscribe();
    expect(state.unsubscribed).toBe(1);
  });

  it('starts over when the inbox cannot be loaded, instead of ending the feed in silence', async () => {
    const { store } = fakeStore();
    const failures: number[] = [];
    let calls = 0;
    const received: MessageEvent[] = [];
    const subscription = inboxFeed({
      store,
      organisationId: ORG,
      load: async () => {
        calls += 1;
        if (calls <= 2) throw new Error('The journeys read model is being built for the first time');
        return inbox('r1');
      },
      onRetry: (_error, attempt) => failures.push(attempt),
      retryDelayMs: 1,
      heartbeatMs: 60_000,
    }).subscribe({ next: (event) => received.push(event), error: () => received.push({ data: 'error' }) });
    for (let i = 0; i < 20 && received.length === 0; i++) await flush();
    subscription.unsubscribe();
    expect(failures).toEqual([1, 2]);
    expect(received).toEqual([{ type: 'inbox', data: inbox('r1') }]);
  });

  it('keeps the connection open with a comment every 25 seconds', () => {
    jest.useFakeTimers();
    try {
      const { store } = fakeStore();
      const received: MessageEvent[] = [];
      const subscription = inboxFeed({ store, organisationId: ORG, load: async () => inbox() }).subscribe((event) =>
        received.push(event),
      );
      jest.advanceTimersByTime(HEARTBEAT_MS * 2);
      subscription.unsubscribe();
      expect(received.filter((event) => event.comment === 'heartbeat')).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
