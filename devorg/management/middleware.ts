/**
 * What every management API response shares: the headers the Node SDK relies on (`X-Rate-Limit-*`
 * and `Date` drive its 429 back-off). SSWS API-token authentication is `requireApiToken` (../http.ts),
 * shared with the dev API.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock';

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
