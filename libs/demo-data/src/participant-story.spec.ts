import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { PGliteSqlClient } from '@samspar/event-store';
import {
  Identity,
  ParticipantEvent,
  ParticipantState,
  StampedEvent,
  evolveParticipant,
  initialParticipantState,
} from '@samspar/journeys';
import { EventToAppend } from '@samspar/kernel';
import { KeyVault, LookupHasher } from '@samspar/privacy';
import {
  ParticipantPlan,
  catalogueStreams,
  demoIdentityNumber,
  demoIdentitySlots,
  demoRegion,
  participantStream,
  planParticipant,
} from './index';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const NOW = new Date('2026-05-04T10:00:00Z');

describe('The demo participants', () => {
  let sql: PGliteSqlClient;
  let vault: KeyVault;
  const hasher = new LookupHasher(randomBytes(32));

  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
    vault = await KeyVault.create({ sql, masterKey: randomBytes(32) });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await sql?.close();
  });

  /** What registration stores: sealed with the participant's key, found by the keyed hash. */
  async function identityOf(plan: ParticipantPlan): Promise<Identity> {
    if (!plan.personal) return { kind: 'anonymous', reason: plan.anonymousReason! };
    return {
      kind: 'identified',
      personal: await vault.encrypt(plan.participantId, plan.personal),
      lookupHash: hasher.hash(plan.personal.personnummer),
    };
  }

  // The sealed part differs on each run (a fresh nonce); everything else must repeat.
  const withoutCiphertext = (events: readonly EventToAppend[]) =>
    events.map((event) =>
      event.type === 'ParticipantRegistered' ? { ...event, data: { ...(event.data as object), identity: 'sealed' } } : event,
    );

  async function eventsOf(seed: number, count: number) {
    const region = demoRegion(seed, NOW);
    const streams = [...catalogueStreams(region)];
    for (let index = 0; index < count; index++) {
      const plan = planParticipant(region, index, { seed, now: NOW });
      streams.push(participantStream(plan, await identityOf(plan)));
    }
    return streams.map((stream) => ({ streamId: stream.streamId, events: withoutCiphertext(stream.events) }));
  }

  describe('When generated twice with the same seed', () => {
    it('gives the same streams, ids and events', async () => {
      const [first, second] = [await eventsOf(7, 30), await eventsOf(7, 30)];
      expect(second).toEqual(first);
    });
  });

  describe('When generated with another seed', () => {
    it('gives other ids and other stories', async () => {
      const [one, other] = [await eventsOf(1, 20), await eventsOf(2, 20)];
      const ids = (streams: typeof one) => new Set(streams.flatMap((stream) => stream.events.map((event) => event.id)));
      const shared = [...ids(one)].filter((id) => ids(other).has(id));
      expect(shared).toEqual([]);
      expect(other.map((stream) => stream.events.map((event) => event.type))).not.toEqual(
        one.map((stream) => stream.events.map((event) => event.type)),
      );
    });
  });

  describe('For any seed, participant and date', () => {
    it('folds every stream the deciders wrote, all of it in the past and within its journeys', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 2 ** 31 }),
          fc.integer({ min: 0, max: 999_999 }),
          fc.date({ min: new Date('2022-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
          async (seed, index, now) => {
            const plan = planParticipant(demoRegion(seed, now), index, { seed, now });
            // participantStream runs every command through its decider, which throws on any broken rule.
            const stream = participantStream(plan, await identityOf(plan));
            const state = stream.events.reduce<ParticipantState>(
              (folded, event) =>
                evolveParticipant(folded, {
                  type: event.type,
                  data: event.data,
                  id: event.id,
                  occurredAt: event.metadata.occurredAt,
                } as StampedEvent<ParticipantEvent>),
              initialParticipantState,
            );
            expect(state.status).toBe('registered');
            if (state.status !== 'registered') return;
            expect(Object.values(state.journeys).filter((journey) => journey.status === 'open').length).toBeLessThanOrEqual(1);
            for (const event of stream.events) {
              expect(Date.parse(event.metadata.occurredAt)).toBeLessThanOrEqual(now.getTime());
              const journeyId = (event.data as { journeyId?: string }).journeyId;
              const journey = journeyId ? state.journeys[journeyId] : undefined;
              if (journey && event.type !== 'ParticipantReferred') {
                expect(Date.parse(event.metadata.occurredAt)).toBeGreaterThanOrEqual(Date.parse(journey.openedAt));
              }
            }
          },
        ),
        { numRuns: 120 },
      );
    });
  });

  describe('When a million participants are planned', () => {
    it('gives each a birth date and birth number, and so a personnummer, of its own', () => {
      const slots = demoIdentitySlots(1, NOW);
      const taken = new Uint8Array(slots.size);
      let repeated = 0;
      for (let index = 0; index < 1_000_000; index++) {
        const slot = slots.slot(index);
        repeated += taken[slot]!;
        taken[slot] = 1;
      }
      expect(repeated).toBe(0);
      expect(demoIdentityNumber(1, 999_999, NOW)).toEqual({
        birthDate: expect.stringMatching(/^(19[6-9]\d|200\d)-\d{2}-\d{2}$/),
        birthNumber: slots.slot(999_999) % 1000,
      });
    });
  });
});
