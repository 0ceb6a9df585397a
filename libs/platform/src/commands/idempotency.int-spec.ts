import type { ServerResponse } from 'node:http';
import { Client } from 'pg';
import {
  Body,
  CanActivate,
  Controller,
  DynamicModule,
  ExecutionContext,
  Get,
  Inject,
  Injectable,
  INestApplication,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { IsOptional, IsString, Length } from 'class-validator';
import request from 'supertest';
import { EventToAppend, NotFoundError, isGlobalPosition, newId } from '@samspar/kernel';
import {
  EVENT_STORE,
  EVENT_STORE_CONFIG,
  PGliteSqlClient,
  PgSqlClient,
  PostgresEventStore,
  SQL_CLIENT,
  quoteIdent,
} from '@samspar/event-store';
import type { EventStore, ExpectedRevision, SqlClient } from '@samspar/event-store';
import { describeWhen, postgresForTests, uniqueSchema, usePostgres, STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { createValidationPipe } from '../http/request-validation';
import { Command } from './command.decorator';
import { CommandResult, commandResult, setETag } from './command-result';
import { CommandsModule } from './commands.module';
import { IdempotencyStore } from './idempotency.store';
import { IfMatch } from './if-match';

const PROBLEM_JSON = /^application\/problem\+json/;
const problemType = (rule: string) => `https://samspar.se/problems/${rule}`;

class OpenProbeRequestDto {
  @IsString()
  @Length(1, 80)
  marker!: string;
}

class NoteProbeRequestDto {
  @IsString()
  @Length(1, 200)
  text!: string;

  @IsOptional()
  @IsString()
  author?: string;
}

/** Holds a handler until the test lets it go, so that a second request meets the first still running. */
@Injectable()
class Gate {
  private readonly held = new Map<string, { enter: () => void; released: Promise<void> }>();

  hold(marker: string): { entered: Promise<void>; release: () => void } {
    let enter!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.held.set(marker, { enter, released });
    return { entered, release };
  }

  async pass(marker: string): Promise<void> {
    const held = this.held.get(marker);
    if (!held) return;
    held.enter();
    await held.released;
  }
}

// Beside the request, not on it, as the real authentication guard keeps it.
const callers = new WeakMap<object, string>();

/** Stands in for the authentication guard: the caller is whoever X-Test-User names. */
@Injectable()
class TestPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const userId = req.headers['x-test-user'];
    if (typeof userId === 'string') callers.set(req, userId);
    return true;
  }
}

const probeEvent = (type: string, data: object): EventToAppend => ({
  id: newId(),
  type,
  data,
  metadata: { occurredAt: '2026-11-02T09:00:00.000Z', schemaVersion: 1 },
});

/** Test-only routes that write real events the way command slices will. */
@Controller('probes')
class ProbeController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly gate: Gate,
  ) {}

  @Post()
  @Command()
  async open(@Body() body: OpenProbeRequestDto, @Res({ passthrough: true }) response: ServerResponse): Promise<CommandResult> {
    await this.gate.pass(body.marker);
    const id = newId();
    const appended = await this.store.append(`probe-${id}`, [probeEvent('ProbeOpened', { marker: body.marker })], {
      expectedRevision: 'no_stream',
    });
    response.setHeader('Location', `/probes/${id}`);
    return commandResult(id, appended);
  }

  @Post(':id/notes')
  @Command()
  async note(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NoteProbeRequestDto,
    @IfMatch() expected: ExpectedRevision | undefined,
  ): Promise<CommandResult> {
    const appended = await this.store.append(`probe-${id}`, [probeEvent('ProbeNoted', { text: body.text })], {
      expectedRevision: expected ?? 'exists',
    });
    return commandResult(id, appended, { text: body.text });
  }

  @Get(':id')
  async read(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: ServerResponse) {
    let revision = -1;
    for await (const event of this.store.readStream(`probe-${id}`)) revision = event.revision;
    if (revision < 0) throw new NotFoundError('probe-not-found', `No probe ${id}`);
    setETag(response, revision);
    return { id, revision };
  }
}

/** The event store's providers on a connection the spec opened itself. */
@Module({})
class RealStoreModule {
  static on(sql: SqlClient, store: EventStore, schema: string): DynamicModule {
    return {
      module: RealStoreModule,
      global: true,
      providers: [
        { provide: SQL_CLIENT, useValue: sql },
        { provide: EVENT_STORE, useValue: store },
        { provide: EVENT_STORE_CONFIG, useValue: { eventStore: 'postgres', schema } },
      ],
      exports: [SQL_CLIENT, EVENT_STORE, EVENT_STORE_CONFIG],
    };
  }
}

interface Database {
  readonly sql: SqlClient;
  /** A schema of this file's own, or undefined for the default one of a fresh in-memory database. */
  readonly schema?: string;
}

/** Every behaviour, run on PGlite and, when it is there, on PostgreSQL. */
function commandBehaviours(open: () => Promise<Database>, server?: () => string): void {
  let database: Database;
  let store: EventStore;
  let app: INestApplication;

  beforeAll(async () => {
    database = await open();
    const schema = database.schema ?? 'samspar';
    store = await PostgresEventStore.create({ sql: database.sql, schema, pollIntervalMs: 100 });
    const moduleRef = await Test.createTestingModule({
      imports: [RealStoreModule.on(database.sql, store, schema), CommandsModule.forRoot({ callerOf: (req) => callers.get(req) })],
      controllers: [ProbeController],
      providers: [
        Gate,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: TestPrincipalGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    if (database?.schema) await database.sql.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(database.schema)} CASCADE`);
    await database?.sql.close();
  });

  const http = () => request(app.getHttpServer());
  const marker = () => `m-${newId()}`;
  const key = () => newId();

  async function eventsMarked(value: string): Promise<number> {
    let count = 0;
    for await (const event of store.readAll({ filter: { categories: ['probe'] } })) {
      if ((event.data as { marker?: unknown }).marker === value) count++;
    }
    return count;
  }

  async function openProbe(): Promise<{ id: string; revision: number }> {
    const response = await http().post('/probes').send({ marker: marker() }).expect(201);
    return response.body;
  }

  describe('When a command succeeds', () => {
    it('answers with the id, revision and position, and repeats them in ETag, X-Global-Position and Location', async () => {
      const response = await http().post('/probes').set('Idempotency-Key', key()).send({ marker: marker() }).expect(201);
      const { id, revision, position } = response.body;
      expect(revision).toBe(0);
      expect(isGlobalPosition(position)).toBe(true);
      expect(response.headers.etag).toBe('"0"');
      expect(response.headers['x-global-position']).toBe(position);
      expect(response.headers.location).toBe(`/probes/${id}`);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
    });

    it('gives a read the ETag of the revision it shows', async () => {
      const { id } = await openProbe();
      const response = await http().get(`/probes/${id}`).expect(200);
      expect(response.headers.etag).toBe('"0"');
      expect(response.headers['x-global-position']).toBeUndefined();
    });
  });

  describe('When a command is sent again with the same key and body', () => {
    it('answers as the first time, says it replayed, and stores one event', async () => {
      const k = key();
      const m = marker();
      const first = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      const again = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      expect(again.body).toEqual(first.body);
      for (const header of ['etag', 'location', 'x-global-position']) {
        expect(again.headers[header]).toBe(first.headers[header]);
      }
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await eventsMarked(m)).toBe(1);
    });

    it('treats a body with its keys in another order as the same request', async () => {
      const { id } = await openProbe();
      const k = key();
      const send = (json: string) =>
        http().post(`/probes/${id}/notes`).set('Idempotency-Key', k).set('Content-Type', 'application/json').send(json);
      const first = await send('{"text":"Samtal bokat","author":"Åsa"}').expect(201);
      const again = await send('{ "author": "Åsa", "text": "Samtal bokat" }').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await http().get(`/probes/${id}`).expect(200)).body.revision).toBe(1);
    });
  });

  describe('When the same key comes with another body', () => {
    it('refuses with 422 idempotency-key-reused and runs nothing', async () => {
      const k = key();
      const m = marker();
      const first = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      const other = marker();
      const response = await http().post('/probes').set('Idempotency-Key', k).send({ marker: other }).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: problemType('idempotency-key-reused'),
        status: 422,
        detail: expect.stringContaining('Idempotency-Key'),
        instance: '/probes',
        errors: [{ field: 'Idempotency-Key', rule: 'idempotency-key-reused', message: expect.any(String) }],
      });
      expect(await eventsMarked(other)).toBe(0);
      // The first request's answer is still there for its own retries.
      const again = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      expect(again.body).toEqual(first.body);
    });

    it('refuses the key on another resource of the same route', async () => {
      const [a, b] = [await openProbe(), await openProbe()];
      const k = key();
      await http().post(`/probes/${a.id}/notes`).set('Idempotency-Key', k).send({ text: 'Samtal bokat' }).expect(201);
      const response = await http()
        .post(`/probes/${b.id}/notes`)
        .set('Idempotency-Key', k)
        .send({ text: 'Samtal bokat' })
        .expect(422);
      expect(response.body.type).toBe(problemType('idempotency-key-reused'));
      expect((await http().get(`/probes/${b.id}`).expect(200)).body.revision).toBe(0);
    });
  });

  describe('When two requests with one key arrive together', () => {
    it('answers the second 409 with Retry-After while the first runs, then replays the first', async () => {
      const k = key();
      const m = marker();
      const gate = app.get(Gate).hold(m);
      const first = http()
        .post('/probes')
        .set('Idempotency-Key', k)
        .send({ marker: m })
        .then((response) => response);
      await gate.entered;

      const second = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(409);
      expect(second.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.body).toMatchObject({ type: problemType('idempotency-key-in-progress'), status: 409 });

      gate.release();
      const done = await first;
      expect(done.status).toBe(201);
      const retry = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      expect(retry.body).toEqual(done.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await eventsMarked(m)).toBe(1);
    });

    it('stores one event when ten copies are sent at once', async () => {
      const k = key();
      const m = marker();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => http().post('/probes').set('Idempotency-Key', k).send({ marker: m })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
      const created = responses.filter((response) => response.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const response of created) expect(response.body).toEqual(created[0]!.body);
      expect(await eventsMarked(m)).toBe(1);
    });
  });

  describe('When two callers happen to send the same key', () => {
    it('runs the command for each of them', async () => {
      const k = key();
      const m = marker();
      const responses = [];
      for (const user of ['anna', 'bertil', undefined]) {
        const call = http().post('/probes').set('Idempotency-Key', k);
        if (user) call.set('X-Test-User', user);
        responses.push(await call.send({ marker: m }).expect(201));
      }
      expect(responses.map((response) => response.headers['idempotent-replayed'])).toEqual([undefined, undefined, undefined]);
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(3);
      expect(await eventsMarked(m)).toBe(3);
      // And each caller still gets their own answer back.
      const again = await http().post('/probes').set('Idempotency-Key', k).set('X-Test-User', 'bertil').send({ marker: m });
      expect(again.body).toEqual(responses[1]!.body);
    });
  });

  describe('When no key is sent', () => {
    it('runs the command every time', async () => {
      const m = marker();
      const first = await http().post('/probes').send({ marker: m }).expect(201);
      const second = await http().post('/probes').send({ marker: m }).expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(await eventsMarked(m)).toBe(2);
    });
  });

  describe('When the key cannot be used', () => {
    it.each([
      ['longer than 200 characters', 'k'.repeat(201)],
      ['holding a control character', 'a\tb'],
    ])('refuses a key %s with 400 naming the header, and runs nothing', async (_name, bad) => {
      const m = marker();
      const response = await http().post('/probes').set('Idempotency-Key', bad).send({ marker: m }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: problemType('invalid-idempotency-key'),
        status: 400,
        detail: expect.stringContaining('Idempotency-Key'),
        errors: [{ field: 'Idempotency-Key', rule: 'invalid-idempotency-key', message: expect.any(String) }],
      });
      expect(await eventsMarked(m)).toBe(0);
    });

    it('leaves reads alone', async () => {
      const { id } = await openProbe();
      await http().get(`/probes/${id}`).set('Idempotency-Key', 'k'.repeat(300)).expect(200);
    });
  });

  describe('When the command carries If-Match', () => {
    it('appends when the revision is current, and answers with the next ETag', async () => {
      const { id } = await openProbe();
      const response = await http().post(`/probes/${id}/notes`).set('If-Match', '"0"').send({ text: 'Möte hos AF' }).expect(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({ id, revision: 1, text: 'Möte hos AF' });
      await http().post(`/probes/${id}/notes`).set('If-Match', 'W/"1"').send({ text: 'Uppföljning' }).expect(201);
    });

    it('answers 412 problem+json when the revision is stale, and frees the key for a retry with a fresh one', async () => {
      const { id } = await openProbe();
      await http().post(`/probes/${id}/notes`).send({ text: 'Första' }).expect(201);
      const k = key();
      const stale = await http()
        .post(`/probes/${id}/notes`)
        .set('Idempotency-Key', k)
        .set('If-Match', '"0"')
        .send({ text: 'Andra' })
        .expect(412);
      expect(stale.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(stale.body).toMatchObject({ type: problemType('revision-mismatch'), status: 412, instance: `/probes/${id}/notes` });

      const fresh = await http()
        .post(`/probes/${id}/notes`)
        .set('Idempotency-Key', k)
        .set('If-Match', '"1"')
        .send({ text: 'Andra' })
        .expect(201);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(fresh.headers.etag).toBe('"2"');
    });

    it('answers 412 to If-Match: * when there is nothing to match', async () => {
      const response = await http().post(`/probes/${newId()}/notes`).set('If-Match', '*').send({ text: 'Ingen' }).expect(412);
      expect(response.body.type).toBe(problemType('revision-mismatch'));
    });

    it.each(['3', '"tre"', '"1", "2"'])('refuses If-Match: %s with 400 naming the header, and appends nothing', async (bad) => {
      const { id } = await openProbe();
      const response = await http().post(`/probes/${id}/notes`).set('If-Match', bad).send({ text: 'Nej' }).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: problemType('invalid-if-match'),
        status: 400,
        detail: expect.stringContaining('If-Match'),
        errors: [{ field: 'If-Match', rule: 'invalid-if-match', message: expect.any(String) }],
      });
      expect((await http().get(`/probes/${id}`).expect(200)).body.revision).toBe(0);
    });
  });

  describe('When a developer reads the OpenAPI document', () => {
    it('finds Idempotency-Key on commands and If-Match where a command takes it, and neither on reads', () => {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const headers = (path: string, method: 'get' | 'post') =>
        (document.paths[path]?.[method]?.parameters ?? [])
          .filter((parameter) => 'in' in parameter && parameter.in === 'header')
          .map((parameter) => ('name' in parameter ? parameter.name : ''));
      expect(headers('/probes', 'post')).toEqual(['Idempotency-Key']);
      expect(headers('/probes/{id}/notes', 'post').sort()).toEqual(['Idempotency-Key', 'If-Match']);
      expect(headers('/probes/{id}', 'get')).toEqual([]);
    });
  });

  if (server) {
    describe('When another application keeps a transaction open on the same server', () => {
      it('answers the second 409 while the first runs, replays the first, and its one event is read at once', async () => {
        // Before appends announced themselves, any open transaction on the server hid new events from readers.
        const foreign = new Client({ connectionString: server(), application_name: 'another-application' });
        await foreign.connect();
        try {
          await foreign.query('BEGIN');
          await foreign.query('SELECT pg_current_xact_id()');
          const k = key();
          const m = marker();
          const gate = app.get(Gate).hold(m);
          const first = http()
            .post('/probes')
            .set('Idempotency-Key', k)
            .send({ marker: m })
            .then((response) => response);
          await gate.entered;
          await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(409);
          gate.release();
          expect((await first).status).toBe(201);
          await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
          expect(await eventsMarked(m)).toBe(1);
        } finally {
          await foreign.query('ROLLBACK');
          await foreign.end();
        }
      });
    });
  }

  describe('When keys grow old', () => {
    it('purges them, after which the key runs the command again', async () => {
      const k = key();
      const m = marker();
      await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      const keys = app.get(IdempotencyStore);
      expect(await keys.purgeOlderThan(24)).toBe(0);
      expect(await keys.purgeOlderThan(0)).toBeGreaterThanOrEqual(1);
      const again = await http().post('/probes').set('Idempotency-Key', k).send({ marker: m }).expect(201);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(await eventsMarked(m)).toBe(2);
    });
  });
}

describe('Commands over HTTP on PGlite', () => {
  commandBehaviours(async () => ({ sql: await PGliteSqlClient.open() }));
});

describeWhen(postgresForTests.available, postgresForTests.reason)('Commands over HTTP on PostgreSQL', () => {
  const url = usePostgres();
  commandBehaviours(async () => ({ sql: PgSqlClient.connect(url(), { max: 10 }), schema: uniqueSchema('cmd') }), url);
});
