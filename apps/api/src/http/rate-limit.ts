import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { DynamicModule, ExecutionContext, HttpStatus, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { principalOf } from '@samspar/access';
import { AppConfig, DEFAULT_RATE_LIMIT_PER_MINUTE, ProblemException } from '@samspar/platform';

const MINUTE_MS = 60_000;
/** Probes and scrapes come from the platform, often, and must never be refused. */
const UNLIMITED_PATHS = /^\/(?:health|metrics)(?:[/?]|$)/;
/** Keys of different deployments sharing one Redis stay apart. */
const REDIS_KEY_PREFIX = 'samspar:rate-limit:';

/**
 * RATE_LIMIT_PER_MINUTE per signed-in user (or client IP when nobody is signed in); 0 turns it off.
 * With RATE_LIMIT_REDIS_URL the count is kept in Redis, so every api process shares one budget per user;
 * without it each process counts alone, and N replicas allow N times the limit.
 */
export function rateLimitModule(config: AppConfig): DynamicModule {
  const limit = config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  return ThrottlerModule.forRoot({
    throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: Math.max(limit, 1) }],
    skipIf: () => limit === 0,
    errorMessage: `Too many requests: at most ${limit} a minute for each user. Wait for the seconds in Retry-After, then try again.`,
    ...(config.rateLimitRedisUrl && limit > 0 ? { storage: new SharedRateLimitStorage(config.rateLimitRedisUrl) } : {}),
  });
}

/**
 * The throttler's counts in Redis (@nest-lab/throttler-storage-redis, one atomic script per request).
 * Redis out of reach answers 503 with Retry-After, like the database: a request is neither let through
 * uncounted nor left waiting on a reconnect.
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly storage: ThrottlerStorageRedisService;
  private lastWarnedAt = 0;

  constructor(url: string) {
    this.redis = new Redis(url, {
      keyPrefix: REDIS_KEY_PREFIX,
      // Fail the request at once while Redis is away rather than queue it behind the reconnects.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      lazyConnect: false,
    });
    // ioredis reconnects by itself; the event only needs to be seen, not to end the process.
    this.redis.on('error', (error: Error) => this.warn(error));
    this.storage = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    try {
      return await this.storage.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(error);
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'rate-limit-unavailable',
        'The rate limit cannot be counted right now (its store, Redis, is out of reach). Retry after Retry-After seconds, with the same Idempotency-Key.',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** At most one line a second: every request fails alike while Redis is away. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastWarnedAt < 1_000) return;
    this.lastWarnedAt = Date.now();
    this.logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'The rate limit store (Redis) is unavailable',
    );
  }
}

/**
 * Registered as an APP_GUARD after AuthGuard, so that the verified user is known: one budget per user
 * across every route, whichever address or token they come with.
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    return UNLIMITED_PATHS.test(request.originalUrl ?? request.url ?? '');
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const userId = principalOf(request)?.userId;
    return userId !== undefined ? `user:${userId}` : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    // Not per route, as the default is: the limit is the user's, over the whole api.
    return createHash('sha256').update(`${name}\u0000${tracker}`).digest('hex');
  }
}
