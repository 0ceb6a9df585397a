import { randomUUID } from 'node:crypto';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { RecordedEvent } from '@samspar/kernel';
import { ParticipantEvent, participantStreamName } from '../participant';
import { ReferralExpiry } from './referral-expiry';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const owner = randomUUID();
const receiver = randomUUID();

async function seed(store: EventStore, deadlineAt: string, answer?: ParticipantEvent['type']) {
  const participantId = randomUUID();
  const referralId = randomUUID();
  const events: ParticipantEvent[] = [
    {
      type: 'ParticipantRegistered',
      data: {
        participantId,
        organisationId: owner,
        identity: { kind: 'anonymous', reason: 'no_consent' },
        attributes: { gender: 'man', birthYear: 1985, newlyArrived: true, educationBand: 'isced_0_2' },
        protectedIdentity: false,
      },
    },
    {
      type: 'ConsentRecorded',
      data: { consentId: randomUUID(), organisationIds: [receiver], purpose: 'samverkan', validFrom: '2026-01-01' },
    },
    {
      type: 'ParticipantReferred',
      data: { referralId, fromOrganisationId: owner, toOrganisationId: receiver, reason: 'other', deadlineAt },
    },
  ];
  if (answer === 'ReferralAccepted') events.push({ type: 'ReferralAccepted', data: { referralId } });
  await store.append(
    participantStreamName(participantId),
    events.map((event) => ({
      id: randomUUID(),
      ...event,
      metadata: { occurredAt: '2026-02-01T09:00:00.000Z', schemaVersion: 1 },
    })),
  );
  return { participantId, referralId };
}

async function typesIn(store: EventStore, participantId: string): Promise<string[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(participantStreamName(participantId))) events.push(event);
  return events.map((event) => event.type);
}

describe('When a referral is not answered by the receiver’s deadline', () => {
  let sql: PGliteSqlClient;
  let store: PostgresEventStore;
  let expiry: ReferralExpiry;

  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    store = await PostgresEventStore.create({ sql, pollIntervalMs: 50 });
    expiry = new ReferralExpiry(store, { enabled: true });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    expiry.onModuleDestroy();
    await store.close();
    await sql.close();
  });

  it('expires it by itself, dated at the deadline, and leaves answered and not yet due referrals alone', async () => {
    const overdue = await seed(store, '2026-03-01T09:00:00.000Z');
    const answered = await seed(store, '2026-03-01T09:00:00.000Z', 'ReferralAccepted');
    const notDue = await seed(store, '2026-12-01T09:00:00.000Z');
    await expiry.follow();

    expect(await expiry.sweep(new Date('2026-06-01T00:00:00.000Z'))).toBe(1);

    expect(await typesIn(store, overdue.participantId)).toContain('ReferralExpired');
    expect(await typesIn(store, answered.participantId)).not.toContain('ReferralExpired');
    expect(await typesIn(store, notDue.participantId)).not.toContain('ReferralExpired');
    const [expired] = (await collect(store.readStream(participantStreamName(overdue.participantId)))).filter(
      (event) => event.type === 'ReferralExpired',
    );
    expect(expired?.metadata.occurredAt).toBe('2026-03-01T09:00:00.000Z');
    expect(expired?.metadata.actor).toMatchObject({ role: 'system' });

    // A second sweep, or another instance, changes nothing.
    expect(await expiry.sweep(new Date('2026-06-01T00:00:00.000Z'))).toBe(0);
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
