/**
 * Okta's own rate limits, on request (`oktaRateLimits: true`; off by default): the per-user and
 * per-transaction buckets a real org enforces besides its per-endpoint minute limits (rate-limit.ts),
 * so a suite can prove it survives them:
 * - IDX (`/idp/idx/*`): 20 requests per user per 5 s, and 10 per transaction (state token) per 5 s;
 * - the token endpoint (`/oauth2/.../v1/token`): 4 requests per user per second.
 * Over a bucket, the request gets Okta's 429 in the family's shape with that bucket's `X-Rate-Limit-*`.
 * Whose request it is comes from the same reading as fault scopes (dev/fault-scope.ts): the IDX body's
 * identifier or handles, the token form's code or refresh token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { OrgContext } from './context';
import { requestSubject } from './dev/fault-scope';
import { RateLimiter, tooManyRequests, type Take } from './rate-limit';

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
