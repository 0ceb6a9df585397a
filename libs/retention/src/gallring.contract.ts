import { randomBytes, randomUUID } from 'node:crypto';
import { PostgresAuditLog } from '@samspar/access';
import { PostgresEventStore, SqlClient } from '@samspar/event-store';
import type { RecordedEvent } from '@samspar/kernel';
import { KeyVault, LookupHasher, composePersonnummer } from '@samspar/privacy';
import type { IdentityNumberKind } from '@samspar/privacy';
import { ProjectionRunner, ReadModelRegistry } from '@samspar/read-models';
import { journeyFactsProjection } from '@samspar/read-models/testing';
import {
  CommandHandler,
  ParticipantRegistration,
  ParticipantRegistry,
  journeyTimeline,
  loadStream,
  participantStreamName,
  participantFolding,
} from '@samspar/journeys';
import type { RegisterParticipantRequestDto } from '@samspar/journeys';
import { DEFAULT_RESEARCH_DAYS, gallringDeadline, gallringDueAt } from './gallring-rule';
import { GallringEndpoint, GallringResult, GallringRunOptions, runGallring } from './gallring';
import type { LastEntrySource } from './last-entries';

export interface GallringEnvironment {
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

const ORG = randomUUID();
const CASEWORKER = { userId: 'karin.ek', role: 'caseworker', organisationId: ORG };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface GallringContractOptions {
  readonly endpoint: GallringEndpoint;
  /** Where the runs read the last entries: the journeys read model built to the head, or the log (none built). */
  readonly source: LastEntrySource;
}

/**
 * Gallring on a real store: who is due, what a dry run changes (nothing), what apply does to events, keys,
 * lookups and the audit log, the research exception, and a second apply; then where the last entries come from.
 */
export function gallringContract(open: () => Promise<GallringEnvironment>, { endpoint, source }: GallringContractOptions): void {
  let env: GallringEnvironment;
  let store: PostgresEventStore;
  let vault: KeyVault;
  let registry: ParticipantRegistry;
  let hasher: LookupHasher;
  let audit: PostgresAuditLog;
  let registration: ParticipantRegistration;
  let readModels: ReadModelRegistry;
  let birthNumber = 100;

  const personnummer = new Map<string, string>();
  const journeyOf = new Map<string, string>();
  let cut: Date;
  let now: Date;

  const deps = () => ({ store, vault, registry, audit, readModels, endpoint });
  /** A run, from the source this contract reads; nothing is appended between runs, so the read model stays current. */
  async function gallring(options: GallringRunOptions): Promise<GallringResult> {
    const result = await runGallring(deps(), options);
    expect(result.source).toBe(source);
    return result;
  }

  /** The journeys read model built from the log up to its head, as the projector keeps it. */
  async function buildReadModel(): Promise<void> {
    await readModels.migrate();
    await new ProjectionRunner(store, readModels, journeyFactsProjection, { dropAfterMs: 0 }).rebuild();
  }
  const context = () => {
    const at = new Date().toISOString();
    return { occurredAt: at, now: at, actor: CASEWORKER };
  };

  async function register(birthDate: string, kind: IdentityNumberKind = 'personnummer'): Promise<string> {
    const participantId = randomUUID();
    const number = composePersonnummer(birthDate, (birthNumber += 1), kind);
    personnummer.set(participantId, number);
    const body = {
      participantId,
      personnummer: number,
      firstName: 'Sara',
      lastName: 'Lind',
      email: 'sara.lind@example.se',
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    } as RegisterParticipantRequestDto;
    await registration.register(body, context());
    return participantId;
  }

  async function registerAnonymous(): Promise<string> {
    const participantId = randomUUID();
    const body = {
      participantId,
      anonymous: true,
      anonymousReason: 'no_consent',
      birthYear: 1990,
      gender: 'man',
      newlyArrived: true,
      educationBand: 'isced_0_2',
    } as RegisterParticipantRequestDto;
    await registration.register(body, context());
    return participantId;
  }

  async function openJourney(participantId: string): Promise<void> {
    const journeyId = randomUUID();
    journeyOf.set(participantId, journeyId);
    await store.append(participantStreamName(participantId), [
      {
        id: randomUUID(),
        type: 'JourneyOpened',
        data: { journeyId, organisationId: ORG },
        metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1, actor: CASEWORKER },
      },
    ]);
  }

  const streamOf = async (participantId: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(participantStreamName(participantId))) events.push(event);
    return events;
  };

  /** What the sealed identity of a participant opens to. */
  async function personalOf(participantId: string) {
    const [registered] = await streamOf(participantId);
    const identity = (registered!.data as { identity: { personal: Parameters<KeyVault['decrypt']>[0] } }).identity;
    return vault.decrypt<{ personnummer: string; email?: string }>(identity.personal);
  }

  /** The system's audit entries, oldest first. */
  const auditRows = async () => (await audit.find({ userId: 'system', limit: 100 })).reverse();

  const findByPersonnummer = (participantId: string) => registry.find(hasher.hash(personnummer.get(participantId)!));

  async function eventCount(): Promise<number> {
    let count = 0;
    for await (const _event of store.readAll()) count += 1;
    return count;
  }

  // Due: last entry before the cut. Not due: a later entry, or registered later.
  const people = {} as Record<
    'due' | 'dueSamordning' | 'research15' | 'researchSamordning25' | 'anonymous' | 'laterEntry' | 'registeredLater',
    string
  >;

  beforeAll(async () => {
    env = await open();
    store = await PostgresEventStore.create({ sql: env.sql, schema: env.schema, pollIntervalMs: 50 });
    vault = await KeyVault.create({ sql: env.sql, schema: env.schema, masterKey: randomBytes(32) });
    registry = await ParticipantRegistry.create(env.sql, env.schema);
    hasher = new LookupHasher(randomBytes(32));
    audit = await PostgresAuditLog.open(env.sql, env.schema);
    registration = new ParticipantRegistration(store, vault, hasher, registry, new CommandHandler(store));
    readModels = new ReadModelRegistry(env.sql, env.schema);

    people.due = await register('1990-03-14');
    await openJourney(people.due);
    // Day digits 62: born on the 2nd, not the 62nd.
    people.dueSamordning = await register('1985-07-02', 'samordningsnummer');
    people.research15 = await register('1992-11-15');
    // Day digits 85: born on the 25th.
    people.researchSamordning25 = await register('1980-01-25', 'samordningsnummer');
    people.anonymous = await registerAnonymous();
    people.laterEntry = await register('1991-02-03');

    // recordedAt is the store's clock: "six years ago" is a `now` five years after this instant.
    await pause(50);
    cut = new Date();
    await pause(50);
    await openJourney(people.laterEntry);
    people.registeredLater = await register('1993-09-09');
    now = gallringDueAt(cut);
    if (source === 'read-model') await buildReadModel();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await env?.close();
  });

  it('lists exactly the due participants in a dry run, with last entry and deadline, and changes nothing', async () => {
    const before = await eventCount();
    const result = await gallring({ now, apply: false, researchDays: DEFAULT_RESEARCH_DAYS });

    expect(result.mode).toBe('dry-run');
    expect(result.cleared.map((each) => each.participantId).sort()).toEqual([people.due, people.dueSamordning].sort());
    expect(result.counts).toEqual({
      participants: 7,
      notYetDue: 2,
      keptForResearch: 2,
      anonymous: 1,
      alreadyErased: 0,
      cleared: 2,
    });
    // The last entry is the latest recorded event of the stream, here the journey opened after registration.
    const due = result.cleared.find((each) => each.participantId === people.due)!;
    const lastEvent = (await streamOf(people.due)).at(-1)!;
    expect(due.lastEntryAt).toBe(new Date(lastEvent.recordedAt).toISOString());
    expect(due.dueAt).toBe(gallringDueAt(new Date(lastEvent.recordedAt)).toISOString());
    expect(due.deadline).toBe(gallringDeadline(new Date(due.dueAt)));
    expect(due.deadline).toMatch(new RegExp(`^${Number(due.dueAt.slice(0, 4)) + 1}-12-31$`));

    for (const participantId of Object.values(people)) expect(await vault.isDestroyed(participantId)).toBe(false);
    expect(await findByPersonnummer(people.due)).toBe(people.due);
    expect(await auditRows()).toEqual([]);
    expect(await eventCount()).toBe(before);
  });

  it('clears nobody a moment before the five years are up', async () => {
    const [first] = await streamOf(people.due);
    const almost = new Date(gallringDueAt(new Date(first!.recordedAt)).getTime() - 1);
    const result = await gallring({ now: almost, apply: false, researchDays: DEFAULT_RESEARCH_DAYS });
    expect(result.cleared).toEqual([]);
    expect(result.counts.notYetDue).toBe(7);
  });

  describe('When gallring is applied', () => {
    let eventsBefore: number;
    let registeredEventsBefore: RecordedEvent[];

    beforeAll(async () => {
      eventsBefore = await eventCount();
      registeredEventsBefore = await streamOf(people.due);
      const result = await gallring({ now, apply: true, researchDays: DEFAULT_RESEARCH_DAYS });
      expect(result.mode).toBe('apply');
      expect(result.cleared.map((each) => each.participantId).sort()).toEqual([people.due, people.dueSamordning].sort());
      expect(result.counts).toMatchObject({ cleared: 2, keptForResearch: 2, alreadyErased: 0 });
    });

    it('leaves every event of a cleared participant readable, with the personal fields erased', async () => {
      const events = await streamOf(people.due);
      expect(events).toEqual(registeredEventsBefore);
      expect(events.map((event) => event.type)).toEqual(['ParticipantRegistered', 'JourneyOpened']);
      expect(await personalOf(people.due)).toEqual({ status: 'erased' });
      expect(await personalOf(people.dueSamordning)).toEqual({ status: 'erased' });
      // The record still folds, and the journey's timeline still reads.
      const loaded = await loadStream(store, participantStreamName(people.due), participantFolding);
      expect(loaded.state).toMatchObject({ status: 'registered', attributes: { gender: 'kvinna' } });
      const timeline = journeyTimeline(events, journeyOf.get(people.due)!);
      expect(timeline.map((entry) => entry.type)).toEqual(['JourneyOpened']);
      expect(await eventCount()).toBe(eventsBefore);
    });

    it('keeps everyone else readable: not yet due, and born on a research day', async () => {
      for (const participantId of [people.research15, people.researchSamordning25, people.laterEntry, people.registeredLater]) {
        expect(await personalOf(participantId)).toEqual({
          status: 'ok',
          value: expect.objectContaining({ personnummer: personnummer.get(participantId), email: 'sara.lind@example.se' }),
        });
      }
    });

    it('finds a cleared participant by personnummer no more, and the others still', async () => {
      expect(await findByPersonnummer(people.due)).toBeUndefined();
      expect(await findByPersonnummer(people.dueSamordning)).toBeUndefined();
      expect(await findByPersonnummer(people.research15)).toBe(people.research15);
      expect(await findByPersonnummer(people.laterEntry)).toBe(people.laterEntry);
    });

    it('records an audit entry per cleared participant and a summary, all by the system, none with personal data', async () => {
      const rows = await auditRows();
      const system = { userId: 'system', role: 'system', action: 'gallring', endpoint, outcome: 'applied' };
      expect(rows).toHaveLength(3);
      expect(
        rows
          .slice(0, 2)
          .map((row) => row.participantId)
          .sort(),
      ).toEqual([people.due, people.dueSamordning].sort());
      for (const row of rows.slice(0, 2)) {
        expect(row).toMatchObject({ ...system, fields: ['personnummer', 'name', 'phone', 'email'] });
      }
      expect(rows[2]).toMatchObject({ ...system, participantId: null });
      expect(rows[2]!.purpose).toMatch(/^SoL 12:1: 2 cleared, 2 kept for research, 0 already erased, 1 anonymous, 2 not yet due/);
      const text = JSON.stringify(rows);
      for (const number of personnummer.values()) expect(text).not.toContain(number);
      expect(text).not.toContain('Lind');
    });

    it('changes nothing on a second apply, apart from the summary of that run', async () => {
      const result = await gallring({ now, apply: true, researchDays: DEFAULT_RESEARCH_DAYS });
      expect(result.cleared).toEqual([]);
      expect(result.counts).toMatchObject({ cleared: 0, alreadyErased: 2, keptForResearch: 2 });
      const rows = await auditRows();
      expect(rows).toHaveLength(4);
      expect(rows[3]).toMatchObject({ participantId: null, purpose: expect.stringMatching(/^SoL 12:1: 0 cleared/) });
      expect(await eventCount()).toBe(eventsBefore);
      expect(await personalOf(people.research15)).toMatchObject({ status: 'ok' });
    });

    it('clears the research-day participants too when there is no research exception', async () => {
      const dry = await gallring({ now, apply: false, researchDays: [] });
      expect(dry.cleared.map((each) => each.participantId).sort()).toEqual(
        [people.research15, people.researchSamordning25].sort(),
      );
      const result = await gallring({ now, apply: true, researchDays: [] });
      expect(result.counts).toMatchObject({ cleared: 2, keptForResearch: 0, alreadyErased: 2, anonymous: 1, notYetDue: 2 });
      expect(await personalOf(people.research15)).toEqual({ status: 'erased' });
      expect(await personalOf(people.researchSamordning25)).toEqual({ status: 'erased' });
      expect(await findByPersonnummer(people.research15)).toBeUndefined();
      expect(await personalOf(people.laterEntry)).toMatchObject({ status: 'ok' });
    });
  });

  describe('Where the last entries come from', () => {
    let options: GallringRunOptions;
    let fromReadModel: GallringResult;
    const sameButSource = (result: GallringResult) => ({ ...result, source: undefined });
    // A base schema with no read model: the registry's table is not even there, as on a fresh database.
    const unbuilt = () => new ReadModelRegistry(env.sql, `${env.schema}_unbuilt`);

    beforeAll(async () => {
      // Later still, so that the two not yet due fall due too and there is something to compare.
      options = { now: gallringDueAt(new Date()), apply: false, researchDays: DEFAULT_RESEARCH_DAYS };
      await pause(50);
    });

    it('finds the same in the journeys read model as in a scan of the log', async () => {
      const scanned = await runGallring({ ...deps(), readModels: unbuilt() }, options);
      await buildReadModel();
      fromReadModel = await runGallring(deps(), options);

      expect(scanned.source).toBe('log-scan');
      expect(fromReadModel.source).toBe('read-model');
      expect(fromReadModel.cleared.map((each) => each.participantId).sort()).toEqual(
        [people.laterEntry, people.registeredLater].sort(),
      );
      expect(sameButSource(fromReadModel)).toEqual(sameButSource(scanned));
    });

    it('scans the log while the read model is behind it, so that an entry it has not read yet counts', async () => {
      await openJourney(people.laterEntry);
      const behind = await runGallring(deps(), { ...options, readModelWaitMs: 0 });

      expect(behind.source).toBe('log-scan');
      expect(behind.cleared.map((each) => each.participantId)).toEqual([people.registeredLater]);
      expect(behind.counts).toEqual({ ...fromReadModel.counts, notYetDue: 1, cleared: 1 });
    });

    it('waits for a read model that is catching up, and then reads it', async () => {
      const scanned = await runGallring({ ...deps(), readModels: unbuilt() }, options);
      const runner = new ProjectionRunner(store, readModels, journeyFactsProjection);
      runner.start();
      try {
        const caughtUp = await runGallring(deps(), { ...options, readModelWaitMs: 20_000 });
        expect(caughtUp.source).toBe('read-model');
        expect(sameButSource(caughtUp)).toEqual(sameButSource(scanned));
      } finally {
        await runner.stop();
      }
    });
  });
}
