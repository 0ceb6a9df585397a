import { uniqueSchema, usePGlite } from '@samspar/event-store/testing';
import { START } from '@samspar/kernel';
import { ProjectionHarness, recorded } from '../testing/projection-harness';
import { ReadModelRegistry } from '../runner/read-model-registry';
import { journeyFactsProjection } from '../testing/test-projections';
import { participantLastEntries, servingJourneys } from './last-entries.query';

const IDENTIFIED = '11111111-1111-4111-8111-111111111111';
const ANONYMOUS = '22222222-2222-4222-8222-222222222222';
const ORG = '33333333-3333-4333-8333-333333333333';
const attributes = { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'isced_3_4' };

const registered = (participantId: string, identity: object, recordedAt: string) =>
  recorded(
    `participant-${participantId}`,
    {
      type: 'ParticipantRegistered',
      data: { participantId, organisationId: ORG, identity, attributes, protectedIdentity: false },
    },
    '2020-01-01T08:00:00Z',
    { recordedAt },
  );

describe("The journeys read model's last entries", () => {
  const sql = usePGlite();

  it('counts every participant and lists those entered up to the bound, oldest first, to the millisecond', async () => {
    const harness = await ProjectionHarness.create([journeyFactsProjection], sql());
    await harness.given([
      registered(IDENTIFIED, { kind: 'identified', personal: {}, lookupHash: 'a'.repeat(64) }, '2020-01-01T08:00:00.123Z'),
      // Entered later than it happened: the entry counts from when it was recorded.
      recorded(
        `participant-${IDENTIFIED}`,
        { type: 'JourneyOpened', data: { journeyId: '44444444-4444-4444-8444-444444444444', organisationId: ORG } },
        '2020-01-02T08:00:00Z',
        { recordedAt: '2020-06-01T10:00:00.456Z' },
      ),
      registered(ANONYMOUS, { kind: 'anonymous', reason: 'no_consent' }, '2024-01-01T08:00:00.789Z'),
    ]);
    const schema = harness.schemas['journeys']!;

    expect(await participantLastEntries(sql(), schema, new Date('2021-01-01T00:00:00Z'))).toEqual({
      participants: 2,
      entries: [{ participantId: IDENTIFIED, lastEntryAt: '2020-06-01T10:00:00.456Z', anonymous: false }],
    });
    const all = await participantLastEntries(sql(), schema, new Date('2024-01-01T08:00:00.789Z'));
    expect(all.entries.map((entry) => [entry.participantId, entry.anonymous])).toEqual([
      [IDENTIFIED, false],
      [ANONYMOUS, true],
    ]);
  });

  it('is served only by an active generation of this version, with its checkpoint', async () => {
    const registry = new ReadModelRegistry(sql(), uniqueSchema('last_entries'));
    // A fresh database: no registry table yet.
    expect(await servingJourneys(registry)).toBeUndefined();
    await registry.migrate();
    expect(await servingJourneys(registry)).toBeUndefined();

    await registry.create({ ...journeyFactsProjection, version: journeyFactsProjection.version - 1 }, 'active');
    expect(await servingJourneys(registry)).toBeUndefined();

    const current = await registry.create(journeyFactsProjection, 'building');
    await registry.switchTo(journeyFactsProjection.name, current.generation);
    expect(await servingJourneys(registry)).toEqual({ schema: `"${current.schema}"`, position: START });
  });
});
