import { Subject } from 'rxjs';
import type { EventStore, SqlClient, SubscriptionBatch } from '@samspar/event-store';
import { quoteIdent } from '@samspar/event-store';
import { comparePositions } from '@samspar/kernel';
import type { GlobalPosition, RecordedEvent } from '@samspar/kernel';
import { batchPump } from './batch-pump';
import { LeaderLock } from './leader-lock';
import type { Projection } from './projection';
import { Generation, ReadModelRegistry, readCheckpoint } from './read-model-registry';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  /** Events per transaction while following the log. */
  readonly batchSize?: number;
  /** Events per transaction while rebuilding. */
  readonly rebuildBatchSize?: number;
  /** How often a runner that is not the leader tries to become it (ms). */
  readonly lockPollMs?: number;
  /** Wait after an error before reading on (ms). */
  readonly retryDelayMs?: number;
  /** How long a retired generation stays, so that queries already reading it finish (ms). */
  readonly dropAfterMs?: number;
  readonly logger?: RunnerLogger;
}

export interface AppliedBatch {
  readonly readModel: string;
  readonly generation: number;
  readonly position: GlobalPosition;
  readonly events: readonly RecordedEvent[];
  readonly caughtUp: boolean;
}

export interface RebuildProgress {
  readonly readModel: string;
  readonly generation: number;
  readonly done: number;
  readonly total?: number;
  readonly eventsPerSecond: number;
  readonly finished: boolean;
}

export interface RunnerStatus {
  readonly readModel: string;
  readonly leader: boolean;
  readonly generation?: number;
  readonly position?: GlobalPosition;
  readonly caughtUp: boolean;
  /** Seconds between now and the newest applied event's recordedAt while behind; 0 when caught up. */
  readonly lagSeconds: number;
  readonly eventsApplied: number;
  readonly lastError?: string;
  readonly rebuild?: RebuildProgress;
}

export class RebuildInProgressError extends Error {}

class GenerationChanged extends Error {}
const HEAD_CHECK_MS = 250;
const READ_AHEAD = 1;
class CheckpointMoved extends Error {}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps one read model current: the leader (one per read model, by advisory lock) follows the log
 * and applies each batch with its checkpoint in one transaction. Others wait and take over.
 */
export class ProjectionRunner {
  readonly applied$ = new Subject<AppliedBatch>();
  private readonly options: Required<Omit<RunnerOptions, 'logger'>> & { logger?: RunnerLogger };
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private stopFollowing?: () => void;
  private leader = false;
  private generation?: number;
  private position?: GlobalPosition;
  private caughtUp = false;
  private lastRecordedAt?: string;
  private eventsApplied = 0;
  private lastError?: string;
  private rebuildProgress?: RebuildProgress;
  private rebuilding?: Promise<Generation>;

  constructor(
    private readonly store: EventStore,
    private readonly registry: ReadModelRegistry,
    readonly projection: Projection,
    options: RunnerOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? 500,
      rebuildBatchSize: options.rebuildBatchSize ?? 5_000,
      lockPollMs: options.lockPollMs ?? 2_000,
      retryDelayMs: options.retryDelayMs ?? 1_000,
      dropAfterMs: options.dropAfterMs ?? 5_000,
      ...(options.logger ? { logger: options.logger } : {}),
    };
  }

  private get sql(): SqlClient {
    return this.registry.sql;
  }

  private get lockKey(): string {
    return `samspar-read-model:${this.registry.baseSchema}:${this.projection.name}`;
  }

  start(): void {
    this.running ??= this.lead().catch((error: unknown) =>
      this.options.logger?.error(`${this.projection.name}: ${errorText(error)}`),
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.stopFollowing?.();
    await this.running;
    await this.rebuilding?.catch(() => undefined);
    this.applied$.complete();
  }

  status(): RunnerStatus {
    const lagSeconds =
      this.caughtUp || !this.lastRecordedAt ? 0 : Math.max(0, (Date.now() - Date.parse(this.lastRecordedAt)) / 1000);
    return {
      readModel: this.projection.name,
      leader: this.leader,
      ...(this.generation !== undefined ? { generation: this.generation } : {}),
      ...(this.position ? { position: this.position } : {}),
      caughtUp: this.caughtUp,
      lagSeconds: Math.round(lagSeconds * 10) / 10,
      eventsApplied: this.eventsApplied,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.rebuildProgress ? { rebuild: this.rebuildProgress } : {}),
    };
  }

  private async lead(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let lost = false;
      const lock = await LeaderLock.tryAcquire(this.sql, this.lockKey, () => {
        lost = true;
        this.stopFollowing?.();
      }).catch((error: unknown) => {
        this.lastError = errorText(error);
        return undefined;
      });
      if (!lock) {
        await sleep(this.options.lockPollMs, signal);
        continue;
      }
      this.leader = true;
      try {
        await this.registry.dropStale(this.projection);
        let indexed: number | undefined;
        while (!signal.aborted && !lost) {
          const active =
            (await this.registry.active(this.projection.name)) ?? (await this.registry.create(this.projection, 'active'));
          // An index added to this version after its tables were built; each is IF NOT EXISTS, so this is cheap.
          if (active.projectionVersion === this.projection.version && indexed !== active.generation) {
            await this.registry.addIndexes(this.projection, active);
            indexed = active.generation;
          }
          if (active.projectionVersion !== this.projection.version && !this.rebuilding) {
            this.options.logger?.log(
              `${this.projection.name}: tables are version ${active.projectionVersion}, code is ${this.projection.version}; rebuilding beside them`,
            );
            void this.rebuild().catch((error: unknown) => {
              if (!(error instanceof RebuildInProgressError))
                this.options.logger?.error(`${this.projection.name} rebuild: ${errorText(error)}`);
            });
          }
          try {
            await this.followLive(active, signal);
          } catch (error) {
            if (error instanceof GenerationChanged || error instanceof CheckpointMoved) continue;
            throw error;
          }
        }
      } catch (error) {
        this.lastError = errorText(error);
        this.options.logger?.warn(`${this.projection.name}: ${this.lastError}; reading on after ${this.options.retryDelayMs} ms`);
        await sleep(this.options.retryDelayMs, signal);
      } finally {
        this.leader = false;
        this.caughtUp = false;
        await lock.release().catch(() => undefined);
      }
    }
  }

  /**
   * Builds a new generation from the start of the log while the active one serves, then switches to it
   * and drops the old one. Resumes a build of the same version that a crash interrupted.
   */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<Generation> {
    if (this.rebuilding) return Promise.reject(new RebuildInProgressError(`${this.projection.name} is already being rebuilt`));
    const rebuilding = this.runRebuild(onProgress).finally(() => {
      if (this.rebuilding === rebuilding) this.rebuilding = undefined;
    });
    this.rebuilding = rebuilding;
    return rebuilding;
  }

  private async runRebuild(onProgress?: (progress: RebuildProgress) => void): Promise<Generation> {
    const lock = await LeaderLock.tryAcquire(this.sql, `${this.lockKey}:rebuild`, () => undefined);
    if (!lock) throw new RebuildInProgressError(`${this.projection.name} is already being rebuilt by another process`);
    try {
      const generation =
        (await this.registry.building(this.projection)) ?? (await this.registry.create(this.projection, 'building'));
      const total = await this.store.countEvents?.(this.projection.filter);
      const started = Date.now();
      const startedAt = (await readCheckpoint(this.sql, generation.schema)).eventsApplied;
      const report = (done: number, finished: boolean): RebuildProgress => {
        const seconds = (Date.now() - started) / 1000;
        const progress: RebuildProgress = {
          readModel: this.projection.name,
          generation: generation.generation,
          done,
          ...(total !== undefined ? { total } : {}),
          eventsPerSecond: seconds > 0 ? Math.round((done - startedAt) / seconds) : 0,
          finished,
        };
        this.rebuildProgress = progress;
        onProgress?.(progress);
        return progress;
      };
      report(startedAt, false);
      for (;;) {
        try {
          await this.followBuild(generation, this.stopping.signal, (done) => report(done, false));
          break;
        } catch (error) {
          // A batch of an earlier, stopped build committed late: read on from the checkpoint it left.
          if (!(error instanceof CheckpointMoved)) throw error;
        }
      }
      if (this.stopping.signal.aborted)
        throw new Error(`${this.projection.name} rebuild stopped; it resumes on the next rebuild`);
      await this.registry.finishBuild(this.projection, generation);
      const retired = await this.registry.switchTo(this.projection.name, generation.generation);
      const done = (await readCheckpoint(this.sql, generation.schema)).eventsApplied;
      report(done, true);
      this.options.logger?.log(`${this.projection.name}: generation ${generation.generation} serves now`);
      if (retired) {
        // Queries that resolved the old schema a moment ago may still be reading it.
        await sleep(this.options.dropAfterMs, this.stopping.signal);
        await this.registry.dropStale(this.projection);
      }
      return (await this.registry.get(this.projection.name, generation.generation)) ?? generation;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  /**
   * Keeps the active generation current until stopped, or until the leader lock is lost. Throws
   * GenerationChanged when another generation took over, CheckpointMoved when another writer did.
   */
  private async followLive(generation: Generation, signal: AbortSignal): Promise<void> {
    let { position: expected, eventsApplied: applied } = await readCheckpoint(this.sql, generation.schema);
    this.generation = generation.generation;
    this.position = expected;
    this.eventsApplied = applied;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    this.stopFollowing = onAbort;
    try {
      for await (const item of this.pump(expected, this.options.batchSize, stop.signal)) {
        if ('idle' in item) {
          // The subscription says nothing while the log is quiet: is this the head, and still the active generation?
          if (await this.atQuietHead(expected, generation)) this.caughtUp = true;
          continue;
        }
        const { batch } = item;
        await this.applyBatch(generation, 'active', batch, expected);
        expected = batch.position;
        applied += batch.events.length;
        this.position = batch.position;
        this.caughtUp = batch.caughtUp && item.waiting() === 0;
        this.eventsApplied = applied;
        const last = batch.events.at(-1);
        if (last) this.lastRecordedAt = last.recordedAt;
        this.lastError = undefined;
        this.applied$.next({
          readModel: this.projection.name,
          generation: generation.generation,
          position: batch.position,
          events: batch.events,
          caughtUp: batch.caughtUp,
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Builds a generation up to the head of the log, or until stopped. Throws CheckpointMoved when another writer moved it. */
  private async followBuild(
    generation: Generation,
    signal: AbortSignal,
    onBatch: (eventsApplied: number) => void,
  ): Promise<void> {
    let { position: expected, eventsApplied: applied } = await readCheckpoint(this.sql, generation.schema);
    for await (const item of this.pump(expected, this.options.rebuildBatchSize, signal)) {
      if ('idle' in item) {
        if (await this.atQuietHead(expected)) return;
        continue;
      }
      await this.applyBatch(generation, 'building', item.batch, expected);
      expected = item.batch.position;
      applied += item.batch.events.length;
      onBatch(applied);
      if (item.batch.caughtUp) return;
    }
  }

  private pump(from: GlobalPosition, batchSize: number, signal: AbortSignal) {
    return batchPump(this.store, {
      from,
      filter: this.projection.filter,
      batchSize,
      signal,
      idleMs: HEAD_CHECK_MS,
      readAhead: READ_AHEAD,
    });
  }

  /**
   * Whether everything up to the head is applied. For the active generation, first whether it still is the
   * active one: a rebuild elsewhere may have switched generations while the log was quiet. A failed look is
   * no answer; the next quiet moment asks again.
   */
  private async atQuietHead(expected: GlobalPosition, active?: Generation): Promise<boolean> {
    try {
      if (active && (await this.registry.active(active.name))?.generation !== active.generation) throw new GenerationChanged();
      return comparePositions(expected, await this.store.headPosition()) >= 0;
    } catch (error) {
      if (error instanceof GenerationChanged) throw error;
      return false;
    }
  }

  private async applyBatch(
    generation: Generation,
    state: 'active' | 'building',
    batch: SubscriptionBatch,
    expected: GlobalPosition,
  ): Promise<void> {
    if (batch.position === expected && batch.events.length === 0) return;
    const schema = quoteIdent(generation.schema);
    await this.sql.transaction(async (tx) => {
      // A batch lost in a server crash is lost with its checkpoint, and applied again: no need to wait for
      // the WAL flush. Exactly once holds, since both are in this transaction.
      if (this.sql.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit = off');
      // Shares the registry row with a switch, so no batch lands in a generation as it is retired.
      const [current] = await tx.query<{ state: string }>(
        `SELECT state FROM ${quoteIdent(this.registry.baseSchema)}.read_model_generations
         WHERE name = $1 AND generation = $2 FOR SHARE`,
        [generation.name, generation.generation],
      );
      if (current?.state !== state) throw new GenerationChanged();
      const checkpoint = await readCheckpoint(tx, generation.schema, true);
      if (checkpoint.position !== expected) throw new CheckpointMoved();
      if (batch.events.length > 0) await this.projection.apply(tx, schema, batch.events);
      const last = batch.events.at(-1);
      await tx.query(
        `UPDATE ${schema}.checkpoint SET position = $1, events_applied = events_applied + $2,
           last_recorded_at = coalesce($3, last_recorded_at), updated_at = now()`,
        [batch.position, batch.events.length, last?.recordedAt ?? null],
      );
      if (state === 'building') {
        const seconds = Math.max(0.001, (Date.now() - Date.parse(generation.createdAt)) / 1000);
        const done = checkpoint.eventsApplied + batch.events.length;
        await this.registry.recordProgress(tx, generation, {
          done,
          ...(this.rebuildProgress?.total !== undefined ? { total: this.rebuildProgress.total } : {}),
          perSecond: Math.round(done / seconds),
        });
      }
    });
  }
}
