/**
 * What every management API response shares: SSWS API-token authentication and the headers the Node
 * SDK relies on (`X-Rate-Limit-*` and `Date` drive its 429 back-off).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../context';
import { API_ERRORS } from '../errors';

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * `Authorization: SSWS <token>` against the configured tokens. Tokens are compared as SHA-256 digests so
 * `timingSafeEqual` always sees equal lengths, and every configured token is checked so the time taken
 * does not say which one (or how much of one) matched.
 */
export function requireApiToken(tokens: readonly string[]): MiddlewareHandler {
  const expected = tokens.map(digest);
  return async (c, next) => {
    const presented = /^SSWS +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const actual = digest(presented ?? '');
    let matched = false;
    for (const candidate of expected) matched = timingSafeEqual(actual, candidate) || matched;
    if (presented === undefined || !matched) throw API_ERRORS.invalidToken();
    await next();
  };
}

/**
 * Okta's per-minute rate-limit bookkeeping, reported but not enforced: the headers are required by the
 * API spec and the SDK reads them, while a local org has no reason to throttle tests.
 */
export class RateLimitWindow {
  private windowStart = -1;
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request and returns the values for the `X-Rate-Limit-*` headers. */
  take(now: number): { limit: number; remaining: number; resetSeconds: number } {
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    this.used++;
    return { limit: this.limit, remaining: Math.max(0, this.limit - this.used), resetSeconds: Math.ceil((start + this.windowMs) / 1000) };
  }
}

/** Okta's default limit for the `/api/v1/users` endpoints of a small org, per minute. */
export const USERS_RATE_LIMIT = 600;

export function apiHeaders(clock: Clock, window: RateLimitWindow): MiddlewareHandler {
  return async (c, next) => {
    const now = clock.now();
    const rate = window.take(now);
    await next();
    const headers = c.res.headers;
    headers.set('X-Rate-Limit-Limit', String(rate.limit));
    headers.set('X-Rate-Limit-Remaining', String(rate.remaining));
    headers.set('X-Rate-Limit-Reset', String(rate.resetSeconds));
    // The SDK's back-off is `reset * 1000 - Date`: both must come from the same clock.
    headers.set('Date', new Date(now).toUTCString());
    // Admin data must not be kept by browsers or proxies (Okta sends the same).
    headers.set('Cache-Control', 'no-cache, no-store');
  };
}
