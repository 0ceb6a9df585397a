import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { DomainError, RecordedEvent } from '@samspar/kernel';
import { handleCommand } from '../command-handling';
import { REFERRAL_EXPIRY_OPTIONS } from '../journeys.tokens';
import { PARTICIPANT_CATEGORY, ParticipantEvent, participantStreamName } from '../participant';
import { expireReferralDecider } from './expire-referral';

export interface ReferralExpiryOptions {
  readonly enabled: boolean;
  /** How often overdue referrals are looked for (ms). */
  readonly intervalMs?: number;
}

const REFERRAL_TYPES: ReadonlyArray<ParticipantEvent['type']> = [
  'ParticipantReferred',
  'ReferralAccepted',
  'ReferralDeclined',
  'ReferralWithdrawn',
  'ReferralExpired',
];

const RETRY_MS = 5_000;

interface Pending {
  readonly participantId: string;
  readonly deadlineAt: string;
}

/**
 * A referral nobody answers expires by itself at the receiver's deadline, as a ReferralExpired fact
 * that managers count. Follows the log for unanswered referrals; several instances are harmless,
 * since the decider refuses to expire a referral twice.
 */
@Injectable()
export class ReferralExpiry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReferralExpiry.name);
  private readonly pending = new Map<string, Pending>();
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERRAL_EXPIRY_OPTIONS) private readonly options: ReferralExpiryOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.followUntilStopped();
    this.timer = setInterval(() => {
      this.sweep(new Date()).catch((error: unknown) => this.logger.error({ err: error }, 'Referral expiry sweep failed'));
    }, this.options.intervalMs ?? 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
  }

  /** Follows the log; when the database goes away, starts again from the beginning a little later. */
  private followUntilStopped(): void {
    this.follow().catch(() => undefined);
  }

  private followAgainLater(): void {
    if (this.stopped) return;
    this.pending.clear();
    this.retry = setTimeout(() => this.followUntilStopped(), RETRY_MS);
    this.retry.unref();
  }

  /** Starts following the log; resolves when it has caught up. */
  follow(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.subscription = this.store
        .subscribe({ filter: { categories: [PARTICIPANT_CATEGORY], types: REFERRAL_TYPES } })
        .subscribe({
          next: (batch) => {
            for (const event of batch.events) this.apply(event);
            if (batch.caughtUp) resolve();
          },
          error: (error: unknown) => {
            if (!this.stopped) this.logger.warn({ err: error }, 'Referral expiry lost the log; it will follow it again');
            this.followAgainLater();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        });
    });
  }

  /** Expires every unanswered referral whose deadline is not after `now`; returns how many. */
  async sweep(now: Date): Promise<number> {
    let expired = 0;
    for (const [referralId, { participantId, deadlineAt }] of [...this.pending]) {
      if (Date.parse(deadlineAt) > now.getTime()) continue;
      try {
        await handleCommand(
          this.store,
          participantStreamName(participantId),
          expireReferralDecider,
          { kind: 'ExpireReferral', participantId, referralId },
          // It happened at the deadline, whenever the sweep notices it.
          { occurredAt: deadlineAt, now: now.toISOString(), actor: { userId: 'samspar', role: 'system' } },
        );
        expired += 1;
      } catch (error) {
        // Answered meanwhile, or already expired by another instance: nothing to do.
        if (!(error instanceof DomainError)) throw error;
      }
      this.pending.delete(referralId);
    }
    return expired;
  }

  private apply(event: RecordedEvent): void {
    const data = event.data as { referralId: string; deadlineAt?: string };
    if (event.type === 'ParticipantReferred' && data.deadlineAt) {
      this.pending.set(data.referralId, {
        participantId: event.streamId.slice(PARTICIPANT_CATEGORY.length + 1),
        deadlineAt: data.deadlineAt,
      });
    } else {
      this.pending.delete(data.referralId);
    }
  }
}
