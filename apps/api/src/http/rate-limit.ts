import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { DynamicModule, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { principalOf } from '@samspar/access';
import { AppConfig, DEFAULT_RATE_LIMIT_PER_MINUTE } from '@samspar/platform';

const MINUTE_MS = 60_000;
/** Probes and scrapes come from the platform, often, and must never be refused. */
const UNLIMITED_PATHS = /^\/(?:health|metrics)(?:[/?]|$)/;

/** RATE_LIMIT_PER_MINUTE per signed-in user (or client IP when nobody is signed in); 0 turns it off. */
export function rateLimitModule(config: AppConfig): DynamicModule {
  const limit = config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  return ThrottlerModule.forRoot({
    throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: Math.max(limit, 1) }],
    skipIf: () => limit === 0,
    errorMessage: `Too many requests: at most ${limit} a minute for each user. Wait for the seconds in Retry-After, then try again.`,
  });
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
