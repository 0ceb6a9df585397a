import { randomBytes } from 'node:crypto';
import { PGliteSqlClient, PgSqlClient, PostgresEventStore, SqlClient, quoteIdent } from '@samspar/event-store';
import { uniqueSchema, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { ParticipantRegistry } from '@samspar/journeys';
import { RecordedEvent } from '@samspar/kernel';
import { KeyVault, LookupHasher } from '@samspar/privacy';
import { DemoDataTargets, OutcomeTally, demoRegion, generateDemoData, planParticipant, trackKinds } from './index';

const NOW = new Date('2026-05-04T00:00:00Z');
const SEED = 1;
const PARTICIPANTS = 200;
const BAND = 0.08;

// PostgreSQL when DATABASE_URL is set, PGlite otherwise.
describe(`The demo generator on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  const schema = uniqueSchema('demo');
  let sql: SqlClient;
  let targets: DemoDataTargets;
  let stored: RecordedEvent[];

  const readAll = async () => {
    const events: RecordedEvent[] = [];
    for await (const event of targets.store.readAll()) events.push(event);
    return events;
  };
  const generate = () => generateDemoData(targets, { participants: PARTICIPANTS, seed: SEED, now: NOW, concurrency: 4 });

  beforeAll(async () => {
    sql = process.env.DATABASE_URL ? PgSqlClient.connect(process.env.DATABASE_URL) : await PGliteSqlClient.open();
    const [store, vault, registry] = await Promise.all([
      PostgresEventStore.create({ sql, schema }),
      KeyVault.create({ sql, schema, masterKey: randomBytes(32) }),
      ParticipantRegistry.create(sql, schema),
    ]);
    targets = { store, vault, registry, hasher: new LookupHasher(randomBytes(32)) };
    await generate();
    stored = await readAll();
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await targets?.store.close();
    if (sql?.kind === 'postgres') await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await sql?.close();
  });

  const participantStreams = () => {
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of stored.filter((each) => each.streamId.startsWith('participant-'))) {
      streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    }
    return streams;
  };

  it('writes the catalogue and every participant, each stream from revision 0', () => {
    const region = demoRegion(SEED, NOW);
    const streams = new Set(stored.map((event) => event.streamId));
    expect(streams.size).toBe(region.organisations.length + region.tracks.length + PARTICIPANTS);
    expect(region.organisations.length).toBeGreaterThanOrEqual(55);
    expect(new Set(region.organisations.map((organisation) => organisation.municipalityCode)).size).toBe(13);
    expect(region.tracks.length).toBe(20);
    // The catalogue first: every participant names organisations and tracks already there.
    const firstParticipant = stored.findIndex((event) => event.streamId.startsWith('participant-'));
    expect(stored.slice(firstParticipant).every((event) => event.streamId.startsWith('participant-'))).toBe(true);
  });

  it('yields outcome rates near the published ones, counted from the stored events', () => {
    const tally = new OutcomeTally(trackKinds(demoRegion(SEED, NOW)));
    for (const events of participantStreams().values()) tally.addStream(events);
    const rates = tally.rates();

    expect(rates.endedEnrolments).toBeGreaterThan(100);
    expect(Math.abs(rates.workOrStudiesAtExit - 0.33)).toBeLessThanOrEqual(BAND);
    expect(Math.abs(rates.jobTrack.employed - 0.5)).toBeLessThanOrEqual(BAND);
    expect(Math.abs(rates.jobTrack.studies - 0.2)).toBeLessThanOrEqual(BAND);
  });

  it('keeps personnummer out of the events, sealed and found only through the lookup hash', async () => {
    const region = demoRegion(SEED, NOW);
    const people = Array.from({ length: PARTICIPANTS }, (_, index) => planParticipant(region, index, { seed: SEED, now: NOW }))
      .filter((plan) => plan.personal !== undefined)
      .map((plan) => ({ participantId: plan.participantId, personnummer: plan.personal!.personnummer }));
    expect(people.length).toBeGreaterThan(PARTICIPANTS * 0.8);

    const rows = await sql.query<{ json: string }>(
      `SELECT data::text || metadata::text AS json FROM ${quoteIdent(schema)}.events`,
    );
    const everything = rows.map((row) => row.json).join('\n');
    for (const { personnummer } of people) {
      for (const form of [personnummer, personnummer.slice(2), `${personnummer.slice(0, 8)}-${personnummer.slice(8)}`]) {
        expect(everything).not.toContain(form);
      }
    }

    const { participantId, personnummer } = people[0]!;
    await expect(targets.registry.find(targets.hasher.hash(personnummer))).resolves.toBe(participantId);
    const registered = stored.find((event) => event.streamId === `participant-${participantId}`)!;
    const identity = (registered.data as { identity: { personal: Parameters<KeyVault['decrypt']>[0] } }).identity;
    await expect(targets.vault.decrypt(identity.personal)).resolves.toMatchObject({ status: 'ok', value: { personnummer } });
  });

  describe('When it runs again with the same seed and date', () => {
    it('appends nothing new: the store knows every event id', async () => {
      const head = await targets.store.headPosition();
      const summary = await generate();

      expect(summary.events).toBe(stored.length);
      await expect(targets.store.headPosition()).resolves.toBe(head);
      expect((await readAll()).length).toBe(stored.length);
    });
  });
});
