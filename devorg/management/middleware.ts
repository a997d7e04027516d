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

/** `X-Rate-Limit-*` come from the app-wide limiter (devorg/rate-limit.ts); these complete them. */
export function apiHeaders(clock: Clock): MiddlewareHandler {
  return async (c, next) => {
    const now = clock.now();
    await next();
    const headers = c.res.headers;
    // The SDK's back-off is `reset * 1000 - Date`: both must come from the same clock.
    headers.set('Date', new Date(now).toUTCString());
    // Admin data must not be kept by browsers or proxies (Okta sends the same).
    headers.set('Cache-Control', 'no-cache, no-store');
  };
}
