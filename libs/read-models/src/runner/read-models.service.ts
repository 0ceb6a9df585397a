import { BeforeApplicationShutdown, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, REPORTS_SQL_CLIENT, SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { EventStore, SqlClient } from '@samspar/event-store';
import { GlobalPosition, comparePositions, parseAsOf } from '@samspar/kernel';
import { ProblemException } from '@samspar/platform';
import { AsOfCache } from '../as-of/as-of-cache';
import { RECORD_KEYS } from '@samspar/privacy';
import type { RecordKeys } from '@samspar/privacy';
import { readModelProjections } from '../projections';
import { READ_MODEL_REGISTRY } from '../read-models.tokens';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@samspar/access';
import { reportFormat, respond } from '../reporting/report';
import type { Report } from '../reporting/report';
import { reportFilters } from '../reporting/report-filters';
import type { ReportFilters } from '../reporting/report-filters';
import type { ReportQueryDto } from '../reporting/report-query.dto';
import { ReadModelRegistry, readCheckpoint } from './read-model-registry';

/** The quoted schemas that reports read, and how far the journeys read model has got (none as of a past date). */
export interface ReportTables {
  readonly journeys: string;
  readonly catalogue: string;
  readonly position?: GlobalPosition;
  /** The users directory (quoted table), for caseworkers' display names; absent where no sign-in keeps one. */
  readonly users?: string;
}

/** What decides which tables a report reads: now (with read-your-writes), or as of a past instant. */
export interface ReportSource {
  readonly minPosition?: string;
  readonly waitMs?: number;
  /** A date (end of that day in Sweden) or an instant. */
  readonly asOf?: string;
}

export const DEFAULT_WAIT_MS = 5_000;
const POLL_MS = 15;

const notReady = (name: string): ProblemException =>
  new ProblemException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'read-model-not-ready',
    `The ${name} read model is being built for the first time; try again shortly.`,
  );

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The query side's view of the read models: where their tables are, and read-your-writes. */
@Injectable()
export class ReadModels implements BeforeApplicationShutdown {
  private readonly asOf: AsOfCache;

  /**
   * `sql` is what report and list queries read through: a hot standby when REPORTS_DATABASE_URL is set. The
   * active generation and its checkpoint are read there too, so that read-your-writes holds across its lag.
   * Read models as of a past date are built on the primary and read there.
   */
  constructor(
    @Inject(REPORTS_SQL_CLIENT) readonly sql: SqlClient,
    @Inject(READ_MODEL_REGISTRY) readonly registry: ReadModelRegistry,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_CLIENT) private readonly primary: SqlClient,
    @Inject(RECORD_KEYS) recordKeys: RecordKeys,
  ) {
    this.asOf = new AsOfCache(store, primary, registry.baseSchema, readModelProjections(recordKeys));
  }

  /**
   * Runs a report on the live read models, or on read models built as of a past instant by the same
   * projections; `now` is the instant the report describes.
   */
  async report(
    source: ReportSource,
    produce: (tables: ReportTables, now: Date, sql: SqlClient) => Promise<Report>,
  ): Promise<Report> {
    if (source.asOf === undefined) {
      return produce(await this.reportTables(source.minPosition, source.waitMs), new Date(), this.sql);
    }
    const asOf = parseAsOf(source.asOf, { now: new Date() });
    const { tables, release } = await this.asOf.acquire(asOf);
    try {
      return await produce(
        { journeys: tables.schemas['journeys']!, catalogue: tables.schemas['catalogue']!, users: this.usersTable },
        asOf,
        this.primary,
      );
    } finally {
      release();
    }
  }

  /** A report route's whole answer: the caller's scope, the tables (live or as of), JSON or CSV. */
  async answer(
    query: ReportQueryDto,
    principal: Principal,
    request: IncomingMessage,
    response: ServerResponse,
    produce: (sql: SqlClient, tables: ReportTables, filters: ReportFilters, now: Date) => Promise<Report>,
  ): Promise<Report | string> {
    // A scope the caller may not see, or a format it cannot read, is refused before any work, also before a
    // report as of a past date is built.
    reportFilters(query, principal, new Date());
    const format = reportFormat(request);
    const report = await this.report(query, (tables, now, sql) =>
      produce(sql, tables, reportFilters(query, principal, now), now),
    );
    return respond(response, report, format);
  }

  /** The sign-in's users directory (UserDirectory), beside the event tables. */
  get usersTable(): string {
    return `${quoteIdent(this.registry.baseSchema)}.users`;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.asOf.close();
  }

  /** The active schema of a read model, with its checkpoint; 503 while it has never been built. */
  async active(name: string): Promise<{ schema: string; position: GlobalPosition }> {
    const state = await this.current(name);
    if (!state) throw notReady(name);
    return state;
  }

  private async current(name: string): Promise<{ schema: string; position: GlobalPosition } | undefined> {
    const generation = await this.registry.active(name, this.sql);
    if (!generation) return undefined;
    const checkpoint = await readCheckpoint(this.sql, generation.schema);
    return { schema: generation.schema, position: checkpoint.position };
  }

  /**
   * Waits until every named read model has applied `minPosition`, so that a client sees its own
   * command's effect. A read model still being built for the first time is waited for like one that is
   * behind. Gives 503 when the wait runs out, and the client may ask again.
   */
  async reached(
    names: readonly string[],
    minPosition?: string,
    waitMs = DEFAULT_WAIT_MS,
  ): Promise<Record<string, { schema: string; position: GlobalPosition }>> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const states = await Promise.all(names.map(async (name) => [name, await this.current(name)] as const));
      const missing = states.filter(([, state]) => state === undefined).map(([name]) => name);
      const behind = states
        .filter(([, state]) => state && minPosition !== undefined && comparePositions(state.position, minPosition) < 0)
        .map(([name, state]) => [name, state!.position] as const);
      if (missing.length === 0 && behind.length === 0) {
        return Object.fromEntries(states) as Record<string, { schema: string; position: GlobalPosition }>;
      }
      if (Date.now() >= deadline) {
        if (missing.length > 0) throw notReady(missing[0]!);
        const [, position] = behind[0]!;
        throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          'read-model-behind',
          `The ${behind.map(([each]) => each).join(' and ')} read model has not yet reached position ${minPosition} (it is at ${position}); ask again, or wait longer with waitMs.`,
          'minPosition',
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** The schemas every report reads. */
  async reportTables(minPosition?: string, waitMs?: number): Promise<ReportTables> {
    const states = await this.reached(['journeys', 'catalogue'], minPosition, waitMs);
    return {
      journeys: quoteIdent(states['journeys']!.schema),
      catalogue: quoteIdent(states['catalogue']!.schema),
      position: states['journeys']!.position,
      users: this.usersTable,
    };
  }
}
