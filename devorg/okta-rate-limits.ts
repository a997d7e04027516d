/**
 * Okta's own rate limits, on request (`oktaRateLimits: true`; off by default): the per-user and
 * per-transaction buckets a real org enforces besides its per-endpoint minute limits (rate-limit.ts),
 * so a suite can prove it survives them:
 * - IDX (`/idp/idx/*`): 20 requests per user per 5 s, and 10 per transaction (state token) per 5 s;
 * - the token endpoint (`/oauth2/.../v1/token`): 4 requests per user per second;
 * - concurrent transactions: 75 requests in progress at once per org (Okta's figure for all traffic
 *   but Office 365's, API requests included, on Workforce and Customer Identity orgs; 35 on the
 *   Integrator Free plan), counted over every route but devorg's own `/dev/*`.
 * Over a bucket, the request gets Okta's 429 in the family's shape with that bucket's `X-Rate-Limit-*`.
 * Whose request it is comes from the same reading as fault scopes (dev/fault-scope.ts): the IDX body's
 * identifier or handles, the token form's code or refresh token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { OrgContext } from './context';
import { requestSubject } from './dev/fault-scope';
import { RateLimiter, rateLimitGroupOf, tooManyRequests, type Take } from './rate-limit';

export interface Bucket {
  name: string;
  limit: number;
  windowMs: number;
}

export const OKTA_BUCKETS = {
  idxPerUser: { name: 'idx-user', limit: 20, windowMs: 5_000 },
  idxPerTransaction: { name: 'idx-transaction', limit: 10, windowMs: 5_000 },
  tokenPerUser: { name: 'token-user', limit: 4, windowMs: 1_000 },
} as const satisfies Record<string, Bucket>;

function headers(c: Context, take: Take): void {
  c.header('X-Rate-Limit-Limit', String(take.limit));
  c.header('X-Rate-Limit-Remaining', String(take.remaining));
  c.header('X-Rate-Limit-Reset', String(take.resetSeconds));
}

/** The IDX and token buckets; mount on `/idp/idx/*` and `/oauth2/*`. */
export function oktaRateLimits(ctx: OrgContext): MiddlewareHandler {
  const limiters = new Map<string, RateLimiter>(Object.values(OKTA_BUCKETS).map((b) => [b.name, new RateLimiter(b.windowMs)]));
  const take = (bucket: Bucket, key: string) => (limiters.get(bucket.name) as RateLimiter).take(key, bucket.limit, ctx.clock.now());
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const idx = c.req.path.startsWith('/idp/idx/');
    const token = !idx && c.req.method === 'POST' && c.req.path.endsWith('/v1/token');
    if (!idx && !token) return next();
    const subject = await requestSubject(ctx, c);
    const takes: Take[] = [];
    if (idx && subject.login) takes.push(take(OKTA_BUCKETS.idxPerUser, subject.login));
    if (idx && subject.transactionId) takes.push(take(OKTA_BUCKETS.idxPerTransaction, subject.transactionId));
    if (token && subject.login) takes.push(take(OKTA_BUCKETS.tokenPerUser, subject.login));
    const spent = takes.find((t) => !t.allowed);
    if (spent) {
      headers(c, spent);
      throw tooManyRequests(idx ? 'idx' : 'oidc');
    }
    await next();
  };
}

/** Okta's concurrent rate limit: requests an org has in progress at once (its Workforce and CIS figure). */
export const OKTA_CONCURRENT_TRANSACTIONS = 75;

/**
 * The org-wide concurrency limit; mount before anything that can hold a request (fault delays, routes).
 * A request arriving while `limit` others are still in progress gets the family's 429 at once. Okta's
 * headers then report the limit as exceeded rather than a window: limit and remaining 0, and a reset
 * that is only a suggestion (the next second here: no window ends, a request in progress has to).
 */
export function oktaConcurrencyLimit(ctx: OrgContext, limit = OKTA_CONCURRENT_TRANSACTIONS): MiddlewareHandler {
  let inProgress = 0;
  return async (c, next) => {
    if (c.req.path.startsWith('/dev/')) return next();
    if (inProgress >= limit) {
      c.header('X-Rate-Limit-Limit', '0');
      c.header('X-Rate-Limit-Remaining', '0');
      c.header('X-Rate-Limit-Reset', String(Math.ceil(ctx.clock.now() / 1000) + 1));
      throw tooManyRequests(rateLimitGroupOf(c.req.path));
    }
    inProgress += 1;
    try {
      await next();
    } finally {
      inProgress -= 1;
    }
  };
}
