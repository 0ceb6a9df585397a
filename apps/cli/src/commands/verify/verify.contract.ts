import { randomBytes } from 'node:crypto';
import { EventToAppend, newId } from '@samspar/kernel';
import { PostgresEventStore, SqlClient, quoteIdent } from '@samspar/event-store';
import { generateDemoData } from '@samspar/demo-data';
import { ParticipantRegistry } from '@samspar/journeys';
import { KeyVault, LookupHasher } from '@samspar/privacy';
import { ReadModelRegistry, catalogueProjection } from '@samspar/read-models';
import { CHECK_NAMES, VerifyResult, verifyStore } from './verify-store';

/** A scratch schema of its own for one test. */
export interface VerifySubject {
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

export interface CleanStore {
  readonly vault: KeyVault;
  /** Participants with sealed personal data, and one without. */
  readonly identified: readonly string[];
  readonly anonymous: string;
  readonly events: number;
  readonly streams: number;
  readonly readModelSchema: string;
  /** Journeys opened, each with an id of its own. */
  readonly journeys: number;
}

const occurredAt = '2026-03-02T09:00:00.000Z';
const event = (type: string, data: unknown): EventToAppend => ({
  id: newId(),
  type,
  data,
  metadata: { occurredAt, schemaVersion: 1 },
});
export const participantStream = (participantId: string) => `participant-${participantId}`;

/**
 * An organisation, four identified participants and an anonymous one, appended in rounds across streams
 * (some appends carry two events, so a stream spans several transactions), and the catalogue read model
 * checkpointed exactly at the head of the log.
 */
export async function buildCleanStore(sql: SqlClient, schema: string, masterKey: Buffer = randomBytes(32)): Promise<CleanStore> {
  const store = await PostgresEventStore.create({ sql, schema });
  const vault = await KeyVault.create({ sql, schema, masterKey });
  const organisationId = newId();
  await store.append(`organisation-${organisationId}`, [
    event('OrganisationRegistered', {
      organisationId,
      name: 'Socialtjänsten',
      kind: 'social_services',
      municipalityCode: '0484',
    }),
    event('UnitAdded', { unitId: newId(), name: 'Försörjningsstöd' }),
  ]);
  const identified = Array.from({ length: 4 }, () => newId());
  const anonymous = newId();
  let events = 2;
  const attributes = { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'isced_3_4' };
  for (const participantId of [...identified, anonymous]) {
    const identity =
      participantId === anonymous
        ? { kind: 'anonymous', reason: 'no_consent' }
        : {
            kind: 'identified',
            personal: await vault.encrypt(participantId, { personnummer: '199001012385', firstName: 'Anna', lastName: 'Berg' }),
            lookupHash: randomBytes(32).toString('hex'),
          };
    await store.append(
      participantStream(participantId),
      [event('ParticipantRegistered', { participantId, organisationId, identity, attributes, protectedIdentity: false })],
      { expectedRevision: 'no_stream' },
    );
    events++;
  }
  for (let round = 0; round < 3; round++) {
    for (const [index, participantId] of [...identified, anonymous].entries()) {
      const journeyId = newId();
      const batch = [event('JourneyOpened', { journeyId, organisationId })];
      if ((index + round) % 2 === 0) batch.push(event('CaseworkerAssigned', { journeyId, caseworkerId: newId() }));
      await store.append(participantStream(participantId), batch, { expectedRevision: 'exists' });
      events += batch.length;
    }
  }
  await store.close();

  const registry = new ReadModelRegistry(sql, schema);
  await registry.migrate();
  const generation = await registry.create(catalogueProjection, 'active');
  await sql.query(`UPDATE ${quoteIdent(generation.schema)}.checkpoint SET position = $1, events_applied = $2`, [
    await headOf(sql, schema),
    events,
  ]);
  return { vault, identified, anonymous, events, streams: 6, readModelSchema: generation.schema, journeys: 15 };
}

export async function headOf(sql: SqlClient, schema: string): Promise<string> {
  const [row] = await sql.query<{ position: string }>(
    `SELECT transaction_id::text || ':' || global_position AS position FROM ${quoteIdent(schema)}.events
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return row!.position;
}

/** Changes the log behind the append-only triggers' back, as only a fault or an intruder would. */
export async function plant(
  sql: SqlClient,
  schema: string,
  statements: (events: string) => string,
  params: unknown[] = [],
): Promise<void> {
  const events = `${quoteIdent(schema)}.events`;
  await sql.exec(`ALTER TABLE ${events} DISABLE TRIGGER ALL`);
  try {
    // Several statements go only without parameters.
    if (params.length === 0) await sql.exec(statements(events));
    else await sql.query(statements(events), params);
  } finally {
    await sql.exec(`ALTER TABLE ${events} ENABLE TRIGGER ALL`);
  }
}

/** Drops the schema and the read-model schemas registered in it. */
export async function dropScratch(sql: SqlClient, schema: string): Promise<void> {
  const registry = `${quoteIdent(schema)}.read_model_generations`;
  const [found] = await sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [registry]);
  const rows = found?.present ? await sql.query<{ schema_name: string }>(`SELECT schema_name FROM ${registry}`) : [];
  for (const { schema_name } of rows) await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema_name)} CASCADE`);
  await sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

const checkOf = (result: VerifyResult, name: string) => {
  const check = result.checks.find((each) => each.name === name);
  if (!check) throw new Error(`No check named ${name}`);
  return check;
};

/** What each check found, as [check, kind, subject]. */
const faultsOf = (result: VerifyResult) =>
  result.checks.flatMap((check) => check.faults.map((fault) => [check.name, fault.kind, fault.streamId ?? fault.readModel]));

/** The planted-fault suite; `open` gives each test a fresh schema. */
export function verifyContract(open: () => Promise<VerifySubject>): void {
  let subject: VerifySubject;
  let sql: SqlClient;
  let schema: string;
  let clean: CleanStore;

  beforeEach(async () => {
    subject = await open();
    ({ sql, schema } = subject);
    clean = await buildCleanStore(sql, schema);
  });
  afterEach(async () => {
    await subject?.close();
  });

  const verify = (maxFaults?: number) => verifyStore(sql, schema, clean.vault, maxFaults === undefined ? {} : { maxFaults });
  const eventOf = async (streamId: string, revision: number) => {
    const [row] = await sql.query<{ event_id: string }>(
      `SELECT event_id::text FROM ${quoteIdent(schema)}.events WHERE stream_id = $1 AND revision = $2`,
      [streamId, revision],
    );
    if (!row) throw new Error(`${streamId} has no revision ${revision}`);
    return row.event_id;
  };

  describe('When the store is as the event store wrote it', () => {
    it('finds no fault, and says what it checked', async () => {
      const result = await verify();
      expect(faultsOf(result)).toEqual([]);
      expect(result.faultCount).toBe(0);
      expect(result).toMatchObject({ events: clean.events, streams: clean.streams, head: await headOf(sql, schema) });
      expect(result.checks.map((check) => [check.name, check.checked, check.faultCount])).toEqual([
        [CHECK_NAMES.revisions, clean.streams, 0],
        [CHECK_NAMES.order, clean.streams, 0],
        [CHECK_NAMES.sealed, clean.identified.length, 0],
        [CHECK_NAMES.checkpoints, 1, 0],
        [CHECK_NAMES.eventIds, clean.events, 0],
        [CHECK_NAMES.recordIds, clean.journeys, 0],
        [CHECK_NAMES.triggers, 3, 0],
        [CHECK_NAMES.counter, 1, 0],
      ]);
      expect(checkOf(result, CHECK_NAMES.sealed).note).toBe('4 open, 0 erased; 1 anonymous without personal data');
    });

    it('finds a demo region written through the real deciders clean, with its identified participants counted', async () => {
      const [store, registry] = await Promise.all([
        PostgresEventStore.create({ sql, schema }),
        ParticipantRegistry.create(sql, schema),
      ]);
      const targets = { store, vault: clean.vault, registry, hasher: new LookupHasher(randomBytes(32)) };
      const summary = await generateDemoData(targets, {
        participants: 20,
        seed: 7,
        now: new Date('2026-05-04T00:00:00Z'),
        concurrency: 4,
      });
      await store.close();
      const [{ identified }] = (await sql.query<{ identified: number | string }>(
        `SELECT count(*) AS identified FROM ${quoteIdent(schema)}.events
         WHERE type = 'ParticipantRegistered' AND data->'identity'->>'kind' = 'identified'`,
      )) as [{ identified: number | string }];
      const result = await verify();
      expect(faultsOf(result)).toEqual([]);
      expect(result.events).toBe(clean.events + summary.events);
      expect(checkOf(result, CHECK_NAMES.sealed).checked).toBe(Number(identified));
      expect(Number(identified)).toBeGreaterThan(clean.identified.length);
    });

    it('passes the checkpoint check with nothing checked when no read model was ever built', async () => {
      await sql.exec(
        `DROP SCHEMA ${quoteIdent(clean.readModelSchema)} CASCADE; DROP TABLE ${quoteIdent(schema)}.read_model_generations`,
      );
      const result = await verify();
      expect(checkOf(result, CHECK_NAMES.checkpoints)).toMatchObject({ checked: 0, faultCount: 0, note: 'no read models yet' });
      expect(result.faultCount).toBe(0);
    });
  });

  describe('When an event in the middle of a stream is gone', () => {
    it('reports the missing revision in that stream, and nothing else', async () => {
      const stream = participantStream(clean.identified[1]!);
      await plant(sql, schema, (events) => `DELETE FROM ${events} WHERE stream_id = $1 AND revision = 2`, [stream]);
      const result = await verify();
      expect(faultsOf(result)).toEqual([[CHECK_NAMES.revisions, 'missing-revision', stream]]);
      expect(checkOf(result, CHECK_NAMES.revisions).faults[0]!.detail).toBe('revision 2 is missing (revision 3 follows 1)');
    });

    it('reports a stream that no longer starts at revision 0', async () => {
      const [organisation] = await sql.query<{ stream_id: string }>(
        `SELECT stream_id FROM ${quoteIdent(schema)}.events WHERE stream_id LIKE 'organisation-%' LIMIT 1`,
      );
      await plant(sql, schema, (events) => `DELETE FROM ${events} WHERE stream_id = $1 AND revision = 0`, [
        organisation!.stream_id,
      ]);
      const result = await verify();
      expect(faultsOf(result)).toEqual([[CHECK_NAMES.revisions, 'missing-revision', organisation!.stream_id]]);
      expect(checkOf(result, CHECK_NAMES.revisions).faults[0]!.detail).toBe(
        'the stream starts at revision 1: revision 0 is missing',
      );
    });
  });

  describe('When two events of a stream swap their places in the global order', () => {
    it('reports the stream as out of order, not as a gap', async () => {
      const stream = participantStream(clean.identified[2]!);
      const [first, later] = [await eventOf(stream, 1), await eventOf(stream, 4)];
      // The identity column takes a written value only while it is BY DEFAULT.
      await plant(
        sql,
        schema,
        (events) => `
          ALTER TABLE ${events} ALTER COLUMN global_position SET GENERATED BY DEFAULT;
          UPDATE ${events} AS e SET transaction_id = o.transaction_id, global_position = o.global_position
          FROM ${events} AS o
          WHERE (e.event_id, o.event_id) IN (('${first}'::uuid, '${later}'::uuid), ('${later}'::uuid, '${first}'::uuid));
          ALTER TABLE ${events} ALTER COLUMN global_position SET GENERATED ALWAYS;`,
      );
      const result = await verify();
      const found = faultsOf(result);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found).toEqual(found.map(() => [CHECK_NAMES.order, 'out-of-order', stream]));
      expect(checkOf(result, CHECK_NAMES.revisions).faultCount).toBe(0);
    });

    it('orders by transaction first, as readers do: a swap of transaction ids alone is out of order too', async () => {
      const stream = participantStream(clean.identified[3]!);
      const [first, later] = [await eventOf(stream, 0), await eventOf(stream, 3)];
      await plant(
        sql,
        schema,
        (events) => `UPDATE ${events} AS e SET transaction_id = o.transaction_id FROM ${events} AS o
          WHERE (e.event_id, o.event_id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
        [first, later],
      );
      const found = faultsOf(await verify());
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found).toEqual(found.map(() => [CHECK_NAMES.order, 'out-of-order', stream]));
    });
  });

  describe("When a participant's sealed personal data is changed", () => {
    it('reports it as undecryptable in that stream', async () => {
      const participantId = clean.identified[0]!;
      const [row] = await sql.query<{ ct: string }>(
        `SELECT data->'identity'->'personal'->>'ct' AS ct FROM ${quoteIdent(schema)}.events
         WHERE stream_id = $1 AND type = 'ParticipantRegistered'`,
        [participantStream(participantId)],
      );
      const bytes = Buffer.from(row!.ct, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      await plant(
        sql,
        schema,
        (events) => `UPDATE ${events} SET data = jsonb_set(data, '{identity,personal,ct}', to_jsonb($2::text))
          WHERE stream_id = $1 AND type = 'ParticipantRegistered'`,
        [participantStream(participantId), bytes.toString('base64url')],
      );
      const result = await verify();
      expect(faultsOf(result)).toEqual([[CHECK_NAMES.sealed, 'undecryptable', participantStream(participantId)]]);
      expect(checkOf(result, CHECK_NAMES.sealed).faults[0]!.detail).toMatch(/tampered/);
      expect(checkOf(result, CHECK_NAMES.sealed).note).toBe('3 open, 0 erased; 1 anonymous without personal data');
    });

    it("reports data sealed for another participant, though it opens with that one's key", async () => {
      const [to, from] = clean.identified.map(participantStream) as [string, string];
      await plant(
        sql,
        schema,
        (events) => `UPDATE ${events} AS e SET data = jsonb_set(e.data, '{identity,personal}', o.data->'identity'->'personal')
          FROM ${events} AS o
          WHERE e.stream_id = $1 AND e.type = 'ParticipantRegistered' AND o.stream_id = $2 AND o.type = 'ParticipantRegistered'`,
        [to, from],
      );
      expect(faultsOf(await verify())).toEqual([[CHECK_NAMES.sealed, 'sealed-for-another-subject', to]]);
    });
  });

  describe("When a participant's key was destroyed (gallring)", () => {
    it('counts the personal data as erased, not as a fault', async () => {
      await clean.vault.destroyKey(clean.identified[3]!, 'gallring');
      const result = await verify();
      expect(faultsOf(result)).toEqual([]);
      expect(checkOf(result, CHECK_NAMES.sealed)).toMatchObject({
        checked: 4,
        faultCount: 0,
        note: '3 open, 1 erased; 1 anonymous without personal data',
      });
    });
  });

  describe('When a read-model checkpoint is past the head of the log', () => {
    it('reports that read model', async () => {
      const [major, minor] = (await headOf(sql, schema)).split(':');
      await sql.query(`UPDATE ${quoteIdent(clean.readModelSchema)}.checkpoint SET position = $1`, [
        `${major}:${Number(minor) + 1}`,
      ]);
      const result = await verify();
      expect(faultsOf(result)).toEqual([[CHECK_NAMES.checkpoints, 'checkpoint-ahead', 'catalogue']]);
    });

    it('compares positions as numbers, not as text', async () => {
      const [major] = (await headOf(sql, schema)).split(':');
      // As text "<major>:9" sorts after every "<major>:1nn"; as a position it is before the head.
      await sql.query(`UPDATE ${quoteIdent(clean.readModelSchema)}.checkpoint SET position = $1`, [`${major}:9`]);
      expect((await verify()).faultCount).toBe(0);
      await sql.query(`UPDATE ${quoteIdent(clean.readModelSchema)}.checkpoint SET position = $1`, [`${BigInt(major!) + 1n}:0`]);
      expect(faultsOf(await verify())).toEqual([[CHECK_NAMES.checkpoints, 'checkpoint-ahead', 'catalogue']]);
    });
  });

  describe("When the server's transaction counter is behind the log, as after a logical restore into a new cluster", () => {
    it('reports it with what to run, and the store moves the counter past the log when it opens', async () => {
      // A restored event from a cluster that had counted much further: the newest id in the log is far ahead.
      await sql.exec(`INSERT INTO ${quoteIdent(schema)}.events (transaction_id, event_id, stream_id, revision, type, data, metadata)
        VALUES ('900000000000'::xid8, '${newId()}', 'organisation-${newId()}', 0, 'OrganisationRegistered', '{}', '{}')`);
      const behind = await verify();
      expect(faultsOf(behind)).toEqual([[CHECK_NAMES.counter, 'counter-behind-log', undefined]]);
      expect(checkOf(behind, CHECK_NAMES.counter).faults[0]!.detail).toMatch(/run samspar migrate \(or start the api\)/);

      await (await PostgresEventStore.create({ sql, schema })).close();
      const moved = await verify();
      expect(moved.faultCount).toBe(0);
      expect(checkOf(moved, CHECK_NAMES.counter).note).toMatch(/^epoch 2 since .*: the log was moved to another cluster/);
    });
  });

  describe('When the append-only protection or the event-id constraint is gone', () => {
    it.each(['events_append_only', 'events_announce_append'])('reports the trigger %s disabled', async (trigger) => {
      await sql.exec(`ALTER TABLE ${quoteIdent(schema)}.events DISABLE TRIGGER ${trigger}`);
      expect(faultsOf(await verify())).toEqual([[CHECK_NAMES.triggers, 'trigger-disabled', undefined]]);
      await sql.exec(`ALTER TABLE ${quoteIdent(schema)}.events ENABLE TRIGGER ${trigger}`);
      expect((await verify()).faultCount).toBe(0);
    });

    it('reports an event id stored twice', async () => {
      const copied = await eventOf(participantStream(clean.identified[0]!), 1);
      const stream = `organisation-${newId()}`;
      await plant(
        sql,
        schema,
        (events) => `ALTER TABLE ${events} DROP CONSTRAINT events_event_id_key;
          INSERT INTO ${events} (event_id, stream_id, revision, type, data, metadata)
          SELECT event_id, '${stream}', 0, type, data, metadata FROM ${events} WHERE event_id = '${copied}'`,
      );
      const result = await verify();
      expect(faultsOf(result)).toEqual([
        [CHECK_NAMES.eventIds, 'duplicate-event-id', expect.stringMatching(/^(organisation|participant)-/)],
      ]);
      expect(checkOf(result, CHECK_NAMES.eventIds).faults[0]!.detail).toBe(`event ${copied} is stored 2 times, in 2 streams`);
    });
  });

  describe("When a record's id is in two participants' streams (a log from before commands claimed ids)", () => {
    it('reports the id, its kind and both streams; the same id in one stream, or in another case, is no fault', async () => {
      const [first, second] = clean.identified.map(participantStream);
      const [row] = await sql.query<{ id: string }>(
        `SELECT data->>'journeyId' AS id FROM ${quoteIdent(schema)}.events WHERE stream_id = $1 AND type = 'JourneyOpened' LIMIT 1`,
        [first],
      );
      const store = await PostgresEventStore.create({ sql, schema });
      await store.append(second!, [event('JourneyOpened', { journeyId: row!.id.toUpperCase(), organisationId: newId() })]);
      await store.append(second!, [event('InterventionPlanned', { journeyId: newId(), interventionId: row!.id })]);
      await store.close();
      const result = await verify();
      const [low, high] = [first!, second!].sort();
      expect(faultsOf(result)).toEqual([[CHECK_NAMES.recordIds, 'id-in-two-participants', low]]);
      expect(checkOf(result, CHECK_NAMES.recordIds)).toMatchObject({ checked: clean.journeys + 1, faultCount: 1 });
      expect(checkOf(result, CHECK_NAMES.recordIds).faults[0]!.detail).toBe(
        `journeyId ${row!.id} is in 2 participants' streams (${low} … ${high}); the journeys read model keys it by id alone, cannot hold both, and stops there`,
      );
    });
  });

  describe('When there are more faults than it shows', () => {
    it('counts them all and keeps max-faults of them per check', async () => {
      const streams = clean.identified.map(participantStream);
      await plant(sql, schema, (events) => `DELETE FROM ${events} WHERE stream_id = ANY ($1::text[]) AND revision = 1`, [
        streams,
      ]);
      const result = await verify(2);
      const revisions = checkOf(result, CHECK_NAMES.revisions);
      expect(revisions.faultCount).toBe(4);
      expect(revisions.faults.map((fault) => fault.streamId)).toEqual([...streams].sort().slice(0, 2));
      expect(result.faultCount).toBe(4);
    });
  });
}
