import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from './config';
import { begin, exchange, form, json, makeUser, remediate, signIn, startHarness, type Harness } from './testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ oktaRateLimits: true });
});
afterAll(() => h.close());

const introspect = (org: Harness, interactionHandle: string) => org.app.request('/idp/idx/introspect', json({ interactionHandle }));

describe("Okta's per-user and per-transaction rate limits (oktaRateLimits)", () => {
  it('allow 10 IDX requests per transaction per 5 s, then answer IDX 429 with the bucket’s headers', async () => {
    const mine = await begin(h); // one introspect already
    const other = await begin(h);
    for (let i = 0; i < 9; i++) expect((await introspect(h, mine.interactionHandle)).status).toBe(200);
    const limited = await introspect(h, mine.interactionHandle);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ version: '1.0.0', messages: { value: [{ i18n: { key: 'tooManyRequests' } }] } });
    expect(limited.headers.get('x-rate-limit-limit')).toBe('10');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect((await introspect(h, other.interactionHandle)).status).toBe(200);
    h.clock.advance(5);
    expect((await introspect(h, mine.interactionHandle)).status).toBe(200);
  });

  it('allow 20 IDX requests per user per 5 s, across transactions', async () => {
    h.clock.advance(5);
    const user = await makeUser(h);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const start = await begin(h);
      statuses.push((await remediate(h, start.doc, 'identify', { identifier: user.profile.login })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    const someoneElse = await makeUser(h);
    const start = await begin(h);
    expect((await remediate(h, start.doc, 'identify', { identifier: someoneElse.profile.login })).status).toBe(200);
  });

  it('allow 4 token requests per user per second, then OAuth’s too_many_requests', async () => {
    h.clock.advance(5);
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login, undefined, { scope: 'openid offline_access' });
    let refreshToken = String((await exchange(h, code, verifier)).body.refresh_token);
    const refresh = () =>
      h.app.request(
        '/oauth2/default/v1/token',
        form({ client_id: portalApp(h.config).clientId, grant_type: 'refresh_token', refresh_token: refreshToken }),
      );
    for (let i = 0; i < 3; i++) {
      const res = await refresh();
      expect(res.status).toBe(200);
      refreshToken = String(((await res.json()) as { refresh_token: string }).refresh_token);
    }
    const limited = await refresh();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: 'too_many_requests' });
    expect(limited.headers.get('x-rate-limit-limit')).toBe('4');
    h.clock.advance(1);
    expect((await refresh()).status).toBe(200);
  });

  it('allow 75 requests in progress at once per org, then answer the next with its family’s 429 while they last', async () => {
    const auth = { Authorization: `SSWS ${h.config.apiTokens[0]}` };
    const added = await h.app.request('/dev/api/faults', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ match: { method: 'GET', path: '/.well-known/openid-configuration' }, respond: { delayMs: 3000 }, times: 75 }),
    });
    expect(added.status).toBe(201);
    let settled = false;
    const slow = Promise.all(Array.from({ length: 75 }, async () => h.app.request('/.well-known/openid-configuration'))).finally(
      () => (settled = true),
    );
    const discovery = () => h.app.request('/oauth2/default/.well-known/openid-configuration');
    // Each probe ends at once; the 75 slow ones are in progress as soon as they reach their delay.
    let limited: Response | undefined;
    while (!settled && !limited) {
      const res = await discovery();
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(await limited?.json()).toMatchObject({ error: 'too_many_requests' });
    expect(limited?.headers.get('x-rate-limit-limit')).toBe('0');
    expect(limited?.headers.get('x-rate-limit-remaining')).toBe('0');
    const api = await h.app.request('/api/v1/users/me', { headers: auth });
    expect(api.status).toBe(429);
    expect(await api.json()).toMatchObject({ errorCode: 'E0000047' });
    // devorg's own tooling is no Okta traffic: a suite can still clear its faults.
    expect((await h.app.request('/dev/api/faults', { headers: auth })).status).toBe(200);
    expect((await slow).map((r) => r.status)).toEqual(Array.from({ length: 75 }, () => 200));
    expect((await discovery()).status).toBe(200);
  }, 20_000);

  it('are off by default', async () => {
    const plain = await startHarness();
    try {
      const start = await begin(plain);
      for (let i = 0; i < 15; i++) expect((await introspect(plain, start.interactionHandle)).status).toBe(200);
    } finally {
      plain.close();
    }
  });
});
