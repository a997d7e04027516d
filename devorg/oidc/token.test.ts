import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, form, makeUser, pkce, PORTAL, REDIRECT_URI, signIn, startHarness, type Harness } from '../testing/harness';
import { portalApp } from '../config';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const ISS = () => h.ctx.issuer;

async function jwks() {
  const res = await h.app.request('/oauth2/default/v1/keys');
  return createLocalJWKSet((await res.json()) as JSONWebKeySet);
}

describe('discovery and keys', () => {
  it('publishes the exact issuer, S256 PKCE and every endpoint', async () => {
    const res = await h.app.request('/oauth2/default/.well-known/openid-configuration');
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(ISS());
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    for (const ep of ['token', 'userinfo', 'revocation', 'introspection', 'end_session', 'authorization']) {
      expect(String(doc[`${ep}_endpoint`])).toMatch(new RegExp(`^${ISS()}/v1/`));
    }
    expect(doc.jwks_uri).toBe(`${ISS()}/v1/keys`);
    expect(res.headers.get('cache-control')).toContain('max-age');
  });

  it('discovery and keys carry an ETag, and revalidating with it is a 304 without a body', async () => {
    for (const path of ['/oauth2/default/.well-known/openid-configuration', '/oauth2/default/v1/keys']) {
      const first = await h.app.request(path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      const again = await h.app.request(path, { headers: { 'If-None-Match': `W/"other", ${etag}` } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('cache-control')).toContain('max-age');
      expect((await h.app.request(path, { headers: { 'If-None-Match': '"stale"' } })).status).toBe(200);
    }
  });

  it('an unknown authorization server is a 404 E0000007', async () => {
    const res = await h.app.request('/oauth2/nope/.well-known/openid-configuration');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000007');
  });

  it('keeps the same kid across restarts of the org (key persisted)', async () => {
    const first = h.ctx.signingKey.kid;
    const { loadOrCreateSigningKey } = await import('../crypto/keys');
    expect((await loadOrCreateSigningKey(h.ctx.store, 0)).kid).toBe(first);
  });
});

describe('/v1/token interaction_code', () => {
  it('issues RS256 ID and access tokens with the expected claims and no state/code', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const res = await exchange(h, code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
    const keys = await jwks();
    const id = await jwtVerify(String(res.body.id_token), keys, {
      issuer: ISS(),
      audience: portalApp(h.config).clientId,
      currentDate: new Date(h.clock.now()),
    });
    expect(id.protectedHeader.alg).toBe('RS256');
    expect(id.payload).toMatchObject({
      sub: user.id,
      email: user.profile.login,
      preferred_username: user.profile.login,
      given_name: 'Test',
      name: `Test ${user.profile.lastName}`,
      amr: ['pwd'],
    });
    expect(typeof id.payload.nonce).toBe('string');
    expect(id.payload.auth_time).toBe(Math.floor(h.clock.now() / 1000));
    const at = await jwtVerify(String(res.body.access_token), keys, {
      issuer: ISS(),
      audience: 'api://default',
      currentDate: new Date(h.clock.now()),
    });
    expect(at.payload).toMatchObject({
      cid: portalApp(h.config).clientId,
      uid: user.id,
      sub: user.profile.login,
      scp: ['openid', 'profile', 'email'],
    });
  });

  it('PKCE mismatch → invalid_grant', async () => {
    const user = await makeUser(h);
    const { code } = await signIn(h, user.profile.login);
    const res = await exchange(h, code, pkce().verifier);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
  });

  it('a code is single-use, and replaying it revokes the tokens it issued', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const first = await exchange(h, code, verifier);
    expect(first.status).toBe(200);
    const userinfo = () =>
      h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${String(first.body.access_token)}` } });
    expect((await userinfo()).status).toBe(200);
    const replay = await exchange(h, code, verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await userinfo()).status).toBe(401);
  });

  it('concurrent exchanges of one code yield exactly one token set', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const results = await Promise.all(Array.from({ length: 5 }, () => exchange(h, code, verifier)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('a code whose user was suspended or deleted since the sign-in → invalid_grant', async () => {
    for (const change of ['suspend', 'delete'] as const) {
      const user = await makeUser(h);
      const { code, verifier } = await signIn(h, user.profile.login);
      if (change === 'suspend') await h.ctx.store.updateUser({ ...user, status: 'SUSPENDED' });
      else await h.ctx.store.deleteUser(user.id);
      const res = await exchange(h, code, verifier);
      expect(res.status, change).toBe(400);
      expect(res.body, change).toEqual({ error: 'invalid_grant', error_description: 'The user is not active.' });
    }
  });

  it('an expired code → invalid_grant', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    h.clock.advance(h.config.tokens.interactionCodeSeconds + 1);
    const res = await exchange(h, code, verifier);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a redirect_uri other than the one used at interact → invalid_grant', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const res = await exchange(h, code, verifier, { redirect_uri: `${PORTAL}/login/callback/` });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('unknown client → 401 invalid_client', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const res = await exchange(h, code, verifier, { client_id: '0oaSomeoneElse' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('missing parameters, unknown grants and malformed bodies → 400 in OAuth shape', async () => {
    const bad: [RequestInit, string][] = [
      [form({ client_id: portalApp(h.config).clientId }), 'invalid_request'],
      [form({ client_id: portalApp(h.config).clientId, grant_type: 'password' }), 'unsupported_grant_type'],
      [
        form({ client_id: portalApp(h.config).clientId, grant_type: 'interaction_code', code_verifier: pkce().verifier }),
        'invalid_request',
      ],
      [{ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":"interaction_code"}' }, 'invalid_request'],
      [
        { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'client_id=a&client_id=b' },
        'invalid_request',
      ],
    ];
    for (const [init, error] of bad) {
      const res = await h.app.request('/oauth2/default/v1/token', init);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; error_description: string };
      expect(body.error).toBe(error);
      expect(body.error_description.length).toBeGreaterThan(0);
    }
  });
});

describe('/v1/interact validation', () => {
  const base = () => ({
    client_id: portalApp(h.config).clientId,
    scope: 'openid profile email',
    redirect_uri: REDIRECT_URI,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    state: 'abc',
  });
  it.each([
    ['unregistered redirect URI', { redirect_uri: 'http://localhost:8080/evil' }, 400, 'invalid_request'],
    ['redirect URI differing by a trailing slash', { redirect_uri: `${REDIRECT_URI}/` }, 400, 'invalid_request'],
    ['unknown client', { client_id: '0oaUnknown' }, 401, 'invalid_client'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 400, 'invalid_request'],
    ['scope not allowed', { scope: 'openid admin' }, 400, 'invalid_scope'],
  ])('%s is refused', async (_name, patch, status, error) => {
    const res = await h.app.request('/oauth2/default/v1/interact', form({ ...base(), ...patch }));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });
});

describe('userinfo, revoke, logout', () => {
  it('revoke accepts Basic base64(clientId) without a colon and kills the access token', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const { body } = await exchange(h, code, verifier);
    const at = String(body.access_token);
    const info = await h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${at}` } });
    expect(await info.json()).toMatchObject({ sub: user.id, email: user.profile.login });
    const revoke = await h.app.request('/oauth2/default/v1/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa(portalApp(h.config).clientId)}` },
      body: new URLSearchParams({ token: at, token_type_hint: 'access_token' }).toString(),
    });
    expect(revoke.status).toBe(200);
    const after = await h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${at}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
    expect(decodeJwt(at).jti).toMatch(/^AT\./);
  });

  it('logout redirects only to a registered post-logout URI, with state', async () => {
    const user = await makeUser(h);
    const { code, verifier } = await signIn(h, user.profile.login);
    const { body } = await exchange(h, code, verifier);
    const q = (uri: string) =>
      `/oauth2/default/v1/logout?${new URLSearchParams({ id_token_hint: String(body.id_token), post_logout_redirect_uri: uri, state: 'xyz' })}`;
    const ok = await h.app.request(q(`${PORTAL}/`));
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(`${PORTAL}/?state=xyz`);
    const evil = await h.app.request(q('https://evil.example/'));
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
  });
});
