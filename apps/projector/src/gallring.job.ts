import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AUDIT_LOG } from '@samspar/access';
import type { AuditLog } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { PARTICIPANT_REGISTRY } from '@samspar/journeys';
import type { ParticipantLookup } from '@samspar/journeys';
import { KEY_VAULT, KeyVault } from '@samspar/privacy';
import { READ_MODEL_REGISTRY, ReadModelRegistry } from '@samspar/read-models';
import { GallringResult, runGallring, summaryWithSource } from '@samspar/retention';

export const GALLRING_JOB_OPTIONS = Symbol('GALLRING_JOB_OPTIONS');

export interface GallringJobOptions {
  /** 0: the job never runs here (gallring then runs only from the cli). */
  readonly intervalHours: number;
  readonly researchDays: readonly number[];
  /** The first run, after the start has settled. */
  readonly firstRunAfterMs?: number;
}

const HOUR_MS = 3_600_000;
// setTimeout takes at most 2^31-1 ms; longer waits are made of several.
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Runs gallring (SoL 12:1) with apply on an interval. Logs counts only, never ids or personal data: the ids
 * are in the audit log.
 */
@Injectable()
export class GallringJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(GallringJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<GallringResult>;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(PARTICIPANT_REGISTRY) private readonly registry: ParticipantLookup,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(READ_MODEL_REGISTRY) private readonly readModels: ReadModelRegistry,
    @Inject(GALLRING_JOB_OPTIONS) private readonly options: GallringJobOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalHours <= 0) {
      this.logger.log('Gallring does not run in the projector (GALLRING_INTERVAL_HOURS=0)');
      return;
    }
    this.schedule(Date.now() + (this.options.firstRunAfterMs ?? 60_000));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One gallring with apply; a run already under way is joined rather than started twice. */
  runOnce(now: Date = new Date()): Promise<GallringResult> {
    this.running ??= runGallring(
      {
        store: this.store,
        vault: this.vault,
        registry: this.registry,
        audit: this.audit,
        readModels: this.readModels,
        endpoint: 'projector gallring',
      },
      { now, apply: true, researchDays: this.options.researchDays },
    ).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        if (Date.now() < at) return this.schedule(at);
        this.runOnce()
          .then(
            (result) =>
              this.logger.log(
                { gallring: result.counts, source: result.source },
                `Gallring applied: ${summaryWithSource(result)}`,
              ),
            (error: unknown) =>
              this.logger.error({ error: withoutIds(error) }, 'Gallring failed; it runs again at the next interval'),
          )
          .finally(() => this.schedule(Date.now() + this.options.intervalHours * HOUR_MS));
      },
      Math.min(Math.max(0, at - Date.now()), MAX_TIMEOUT_MS),
    );
    this.timer.unref();
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** What went wrong, with any participant id blanked out: the log carries no ids. */
function withoutIds(error: unknown): { name: string; code?: string; message: string } {
  const { name, message, code } =
    error instanceof Error ? (error as Error & { code?: unknown }) : { name: 'Error', message: String(error), code: undefined };
  return { name, ...(typeof code === 'string' ? { code } : {}), message: message.replace(UUID, '<id>').slice(0, 300) };
}
