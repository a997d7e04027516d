/**
 * Okta-style rate limits: a fixed one-minute window per client IP and endpoint group, reported on every
 * response as `X-Rate-Limit-Limit/Remaining/Reset` (reset in epoch seconds) and enforced with a 429 in
 * the group's error shape. Limits are config; the e2e config raises them rather than turning them off.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from './clock';
import { ApiError, familyOf, IdxError, OAUTH_ERRORS } from './errors';

export type RateLimitGroup = 'oidc' | 'idx' | 'management';

/** Requests per minute per client IP, by group. */
export type RateLimits = Record<RateLimitGroup, number>;

/** Close to a small Okta org's defaults for these endpoint groups. */
export const DEFAULT_RATE_LIMITS: RateLimits = { oidc: 600, idx: 600, management: 600 };

/** For test and benchmark orgs: limits still apply (and are reported), just far above any test's load. */
export const GENEROUS_RATE_LIMITS: RateLimits = { oidc: 1_000_000, idx: 1_000_000, management: 1_000_000 };

const WINDOW_MS = 60_000;

export interface Take {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  resetSeconds: number;
  allowed: boolean;
}

/** Counts requests per key in fixed windows; old windows are dropped as time moves on. */
export class RateLimiter {
  private windowStart = -1;
  private counts = new Map<string, number>();

  constructor(private readonly windowMs = WINDOW_MS) {}

  take(key: string, limit: number, now: number): Take {
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart) {
      // A new window: forgetting every old key bounds memory to one window's worth of clients.
      this.windowStart = start;
      this.counts = new Map();
    }
    const used = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, used);
    return { limit, remaining: Math.max(0, limit - used), resetSeconds: Math.ceil((start + this.windowMs) / 1000), allowed: used <= limit };
  }
}

/** Okta's 429 in the group's error shape (also what an injected 429 fault answers, dev/faults.ts). */
/** The group whose 429 a path gets: its family's (the hosted pages and the rest answer like the API). */
export function rateLimitGroupOf(path: string): RateLimitGroup {
  const family = familyOf(path);
  return family === 'oauth' ? 'oidc' : family === 'idx' ? 'idx' : 'management';
}

export function tooManyRequests(group: RateLimitGroup): Error {
  switch (group) {
    case 'idx':
      return new IdxError(429, [{ message: 'Too many requests', i18n: { key: 'tooManyRequests' }, class: 'ERROR' }]);
    case 'oidc':
      return OAUTH_ERRORS.tooManyRequests();
    case 'management':
      return new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
  }
}

/**
 * Middleware for one group. `clientIp` comes from the socket (never from a header a client could
 * forge), so a test can't dodge the limit by varying `X-Forwarded-For`.
 */
export function rateLimit(
  group: RateLimitGroup,
  limits: RateLimits,
  clock: Clock,
  limiter: RateLimiter,
  clientIp: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler {
  return async (c, next) => {
    const take = limiter.take(`${group}:${clientIp(c)}`, limits[group], clock.now());
    const headers = {
      'X-Rate-Limit-Limit': String(take.limit),
      'X-Rate-Limit-Remaining': String(take.remaining),
      'X-Rate-Limit-Reset': String(take.resetSeconds),
    };
    if (!take.allowed) {
      for (const [k, v] of Object.entries(headers)) c.header(k, v);
      throw tooManyRequests(group);
    }
    await next();
    // A 429 from a narrower bucket inside (okta-rate-limits.ts) reports that bucket, not this one.
    if (c.res.status === 429 && c.res.headers.has('X-Rate-Limit-Limit')) return;
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
