import { randomUUID } from 'node:crypto';
import { PgSqlClient, PostgresEventStore } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres } from '@samspar/event-store/testing';
import { ParticipantRegistry } from './participant-registry';

/** Ids belong to one participant's record: the registry's claims, and those of a log stored before claims. */
describeWhen(postgresForTests.available, postgresForTests.reason)('Id claims in the participant registry', () => {
  const url = usePostgres();
  let sql: PgSqlClient;
  const schema = uniqueSchema('claims');
  const earlier = randomUUID();
  const journeyId = randomUUID();
  const interventionId = randomUUID();
  let registry: ParticipantRegistry;

  beforeAll(async () => {
    sql = PgSqlClient.connect(url());
    // A log written before the registry had claims: its ids are claimed when the registry migrates.
    const store = await PostgresEventStore.create({ sql, schema });
    const meta = { occurredAt: '2026-01-05T08:00:00.000Z', schemaVersion: 1 };
    await store.append(
      `participant-${earlier}`,
      [
        { id: randomUUID(), type: 'JourneyOpened', data: { journeyId: journeyId.toUpperCase() }, metadata: meta },
        { id: randomUUID(), type: 'InterventionPlanned', data: { journeyId, interventionId }, metadata: meta },
      ],
      { expectedRevision: 'no_stream' },
    );
    registry = await ParticipantRegistry.create(sql, schema);
  });
  afterAll(() => sql.close());

  it('holds the ids of records stored before claims existed for their participant', async () => {
    const other = randomUUID();
    await expect(registry.claim('journeyId', journeyId, other)).resolves.toBe(earlier);
    await expect(registry.claim('interventionId', interventionId, other)).resolves.toBe(earlier);
    await expect(registry.claim('interventionId', interventionId, earlier)).resolves.toBeUndefined();
  });

  it('gives a new id to the first participant that claims it, and refuses it to any other', async () => {
    const id = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    await expect(registry.claim('enrolmentId', id, first)).resolves.toBeUndefined();
    await expect(registry.claim('enrolmentId', id, first.toUpperCase())).resolves.toBeUndefined();
    await expect(registry.claim('enrolmentId', id, second)).resolves.toBe(first);
    // Kinds are apart: the same uuid may name a status.
    await expect(registry.claim('statusId', id, second)).resolves.toBeUndefined();
  });

  it('claims referral ids where referrals are found by id', async () => {
    const id = randomUUID();
    const [sender, other] = [randomUUID(), randomUUID()];
    await registry.recordReferral(id, sender);
    await expect(registry.claim('referralId', id, other)).resolves.toBe(sender);
    await expect(registry.participantOfReferral(id)).resolves.toBe(sender);
  });

  it('lets one of two participants racing for an id have it', async () => {
    const id = randomUUID();
    const racers = Array.from({ length: 8 }, () => randomUUID());
    const answers = await Promise.all(racers.map((participant) => registry.claim('interventionId', id, participant)));
    expect(answers.filter((heldBy) => heldBy === undefined)).toHaveLength(1);
    const winner = racers[answers.indexOf(undefined)]!;
    expect(answers.filter((heldBy) => heldBy !== undefined).every((heldBy) => heldBy === winner)).toBe(true);
  });
});
