import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';
import { json, startHarness, type Harness } from './testing/harness';

describe('RateLimiter', () => {
  it('counts per key within a one-minute window and resets with the next window', () => {
    const limiter = new RateLimiter();
    const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(limiter.take('a', 2, t0)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: t0 / 1000 + 60 });
    expect(limiter.take('a', 2, t0 + 1000).allowed).toBe(true);
    expect(limiter.take('a', 2, t0 + 2000)).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.take('b', 2, t0 + 2000).allowed).toBe(true);
    expect(limiter.take('a', 2, t0 + 60_000)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe('rate limits on the wire', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimits: { oidc: 2, idx: 2, management: 2 } });
  });
  afterAll(() => h.close());

  it('reports X-Rate-Limit-* and answers 429 in each family shape once a group is spent', async () => {
    const introspect = () => h.app.request('/idp/idx/introspect', json({ interactionHandle: 'nope' }));
    const first = await introspect();
    expect(first.headers.get('x-rate-limit-limit')).toBe('2');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('1');
    await introspect();
    const idx = await introspect();
    expect(idx.status).toBe(429);
    expect(await idx.json()).toEqual({
      version: '1.0.0',
      messages: { type: 'array', value: [{ message: 'Too many requests', i18n: { key: 'tooManyRequests' }, class: 'ERROR' }] },
    });
    expect(idx.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(idx.headers.get('x-rate-limit-reset'))).toBeGreaterThan(h.clock.now() / 1000);

    const users = () => h.app.request('/api/v1/users', { headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` } });
    await users();
    await users();
    const api = await users();
    expect(api.status).toBe(429);
    expect(((await api.json()) as { errorCode: string }).errorCode).toBe('E0000047');

    const keys = () => h.app.request('/oauth2/default/v1/keys');
    await keys();
    await keys();
    const oauth = await keys();
    expect(oauth.status).toBe(429);
    expect(((await oauth.json()) as { error: string }).error).toBe('too_many_requests');

    // Groups are independent, and the next window starts afresh.
    h.clock.advance(60);
    expect((await introspect()).status).toBe(401);
  });
});
