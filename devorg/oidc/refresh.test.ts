/**
 * Refresh tokens: issuance with offline_access, rotation, reuse detection, revocation, scope rules,
 * idle and absolute expiry, introspection — driven through the HTTP endpoints auth-js calls.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokenRowId } from './tokens';
import { exchange, form, makeUser, signIn, startHarness, type Harness } from '../testing/harness';
import { portalApp } from '../config';

const ALL = 'openid profile email offline_access';
const TOKEN = '/oauth2/default/v1/token';

type Body = Record<string, unknown>;

/** Signs a fresh user in through IDX with `scope` and exchanges the code, as the widget does. */
async function session(h: Harness, scope = ALL) {
  const user = await makeUser(h);
  const { code, verifier } = await signIn(h, user.profile.login, undefined, { scope });
  const res = await exchange(h, code, verifier);
  expect(res.status).toBe(200);
  return { user, tokens: res.body };
}

/** The refresh request exactly as auth-js 7.14.5 sends it (no redirect_uri). */
async function refresh(h: Harness, refreshToken: unknown, scope: string | undefined = ALL) {
  const fields: Record<string, string> = {
    client_id: portalApp(h.config).clientId,
    grant_type: 'refresh_token',
    refresh_token: String(refreshToken),
  };
  if (scope !== undefined) fields.scope = scope;
  const res = await h.app.request(TOKEN, form(fields));
  return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
}

async function userinfoStatus(h: Harness, accessToken: unknown): Promise<number> {
  const res = await h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${String(accessToken)}` } });
  return res.status;
}

async function revoke(h: Harness, token: unknown, hint = 'refresh_token') {
  return h.app.request('/oauth2/default/v1/revoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa(portalApp(h.config).clientId)}` },
    body: new URLSearchParams({ token: String(token), token_type_hint: hint }).toString(),
  });
}

async function introspect(h: Harness, token: unknown): Promise<Body> {
  const res = await h.app.request(
    '/oauth2/default/v1/introspect',
    form({ client_id: portalApp(h.config).clientId, token: String(token), token_type_hint: 'refresh_token' }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Body;
}

const INVALID = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

describe('refresh tokens (default org: rotation with a 30 s grace period)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('are issued only when offline_access is granted', async () => {
    const without = await session(h, 'openid profile email');
    expect(without.tokens.refresh_token).toBeUndefined();
    const withIt = await session(h);
    expect(withIt.tokens.refresh_token).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{43}$/));
    expect(withIt.tokens.scope).toBe(ALL);
  });

  it('are stored hashed: the token never appears in the database files', async () => {
    const { tokens } = await session(h);
    const rt = String(tokens.refresh_token);
    const file = h.ctx.store.file;
    const bytes = [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(rt)).toBe(false);
    // …while its SHA-256 digest, written in the same transaction, is there: the files were read.
    expect(bytes.includes(refreshTokenRowId(rt))).toBe(true);
  });

  it('rotate: a refresh returns new access, ID and refresh tokens, and the new refresh token works', async () => {
    const { user, tokens } = await session(h);
    h.clock.advance(120);
    const first = await refresh(h, tokens.refresh_token);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(first.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    expect(first.body).toMatchObject({ token_type: 'Bearer', scope: ALL, expires_in: h.config.tokens.accessTokenSeconds });

    const keys = createLocalJWKSet((await (await h.app.request('/oauth2/default/v1/keys')).json()) as JSONWebKeySet);
    const id = await jwtVerify(String(first.body.id_token), keys, {
      issuer: h.ctx.issuer,
      audience: portalApp(h.config).clientId,
      currentDate: new Date(h.clock.now()),
    });
    const original = decodeJwt(String(tokens.id_token));
    // Same user and original authentication time; a new iat; no nonce (it belonged to the sign-in request).
    expect(id.payload).toMatchObject({ sub: user.id, auth_time: original.auth_time, amr: original.amr, email: user.profile.login });
    expect(id.payload.iat).toBe((original.iat ?? 0) + 120);
    expect(id.payload.nonce).toBeUndefined();
    expect(await userinfoStatus(h, first.body.access_token)).toBe(200);

    const second = await refresh(h, first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('a rotated-out token is still honoured within the grace period (a retried renew)', async () => {
    const { tokens } = await session(h);
    const rotated = await refresh(h, tokens.refresh_token);
    h.clock.advance(h.config.tokens.refreshTokenGraceSeconds - 1);
    const retry = await refresh(h, tokens.refresh_token);
    expect(retry.status).toBe(200);
    expect(await userinfoStatus(h, rotated.body.access_token)).toBe(200);
    expect((await refresh(h, rotated.body.refresh_token)).status).toBe(200);
  });

  it('reuse after the grace period is rejected and revokes the whole family', async () => {
    const { tokens } = await session(h);
    const rotated = await refresh(h, tokens.refresh_token);
    expect(rotated.status).toBe(200);
    h.clock.advance(h.config.tokens.refreshTokenGraceSeconds);

    const reuse = await refresh(h, tokens.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual(INVALID);
    // The legitimate holder's tokens die too: both access tokens and the current refresh token.
    expect(await userinfoStatus(h, tokens.access_token)).toBe(401);
    expect(await userinfoStatus(h, rotated.body.access_token)).toBe(401);
    expect((await refresh(h, rotated.body.refresh_token)).body).toEqual(INVALID);
  });

  it('a revoked family stays dead even within a rotation grace period', async () => {
    const { tokens } = await session(h);
    const rotated = await refresh(h, tokens.refresh_token);
    expect((await revoke(h, rotated.body.refresh_token)).status).toBe(200);
    expect((await refresh(h, tokens.refresh_token)).body).toEqual(INVALID);
  });

  it('two concurrent refreshes with one token both succeed (the loser falls into the grace rule)', async () => {
    const { tokens } = await session(h);
    const [a, b] = await Promise.all([refresh(h, tokens.refresh_token), refresh(h, tokens.refresh_token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refresh_token).not.toBe(b.body.refresh_token);
  });

  it('/v1/revoke of a refresh token kills the family; unknown tokens still get 200', async () => {
    const { tokens } = await session(h);
    const rotated = await refresh(h, tokens.refresh_token);
    const res = await revoke(h, rotated.body.refresh_token);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await refresh(h, rotated.body.refresh_token)).body).toEqual(INVALID);
    expect(await userinfoStatus(h, tokens.access_token)).toBe(401);
    expect(await userinfoStatus(h, rotated.body.access_token)).toBe(401);

    expect((await revoke(h, 'not-a-token')).status).toBe(200);
    expect((await revoke(h, rotated.body.refresh_token)).status).toBe(200);
  });

  it('revoking only the access token leaves the refresh token usable', async () => {
    const { tokens } = await session(h);
    expect((await revoke(h, tokens.access_token, 'access_token')).status).toBe(200);
    expect(await userinfoStatus(h, tokens.access_token)).toBe(401);
    expect((await refresh(h, tokens.refresh_token)).status).toBe(200);
  });

  it('scope may narrow (and widen back within the original grant), never beyond it', async () => {
    const { tokens } = await session(h);
    const narrow = await refresh(h, tokens.refresh_token, 'openid offline_access');
    expect(narrow.status).toBe(200);
    expect(narrow.body.scope).toBe('openid offline_access');
    expect(decodeJwt(String(narrow.body.access_token)).scp).toEqual(['openid', 'offline_access']);
    const id = decodeJwt(String(narrow.body.id_token));
    expect(id.email).toBeUndefined();
    expect(id.name).toBeUndefined();
    expect(narrow.body.refresh_token).toEqual(expect.any(String));

    // No openid, no ID token; the refresh token still comes back (auth-js would drop it otherwise).
    const noOpenid = await refresh(h, narrow.body.refresh_token, 'offline_access');
    expect(noOpenid.status).toBe(200);
    expect(noOpenid.body.id_token).toBeUndefined();
    expect(noOpenid.body.refresh_token).toEqual(expect.any(String));

    const back = await refresh(h, noOpenid.body.refresh_token, ALL);
    expect(back.status).toBe(200);
    expect(back.body.scope).toBe(ALL);

    const omitted = await refresh(h, back.body.refresh_token, undefined);
    expect(omitted.body.scope).toBe(ALL);
  });

  it('widening beyond the original grant is invalid_scope', async () => {
    const { tokens } = await session(h, 'openid email offline_access');
    const res = await refresh(h, tokens.refresh_token, 'openid email profile offline_access');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    expect(String(res.body.error_description)).toContain('profile');
    // A failed widening does not spend the token.
    expect((await refresh(h, tokens.refresh_token, 'openid email offline_access')).status).toBe(200);
  });

  it('expires after the idle period; each rotation starts a new idle window', async () => {
    const idle = h.config.tokens.refreshTokenIdleSeconds;
    const { tokens } = await session(h);
    h.clock.advance(idle - 60);
    const kept = await refresh(h, tokens.refresh_token);
    expect(kept.status).toBe(200);
    h.clock.advance(idle - 60);
    const stillKept = await refresh(h, kept.body.refresh_token);
    expect(stillKept.status).toBe(200);
    h.clock.advance(idle);
    expect((await refresh(h, stillKept.body.refresh_token)).body).toEqual(INVALID);
  });

  it('unknown, missing and garbage refresh tokens are rejected in OAuth shape', async () => {
    expect((await refresh(h, 'nope')).body).toEqual(INVALID);
    const missing = await h.app.request(TOKEN, form({ client_id: portalApp(h.config).clientId, grant_type: 'refresh_token' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Body).error).toBe('invalid_request');
  });

  it('introspection understands refresh tokens', async () => {
    const { user, tokens } = await session(h);
    expect(await introspect(h, tokens.refresh_token)).toMatchObject({
      active: true,
      token_type: 'Bearer',
      scope: ALL,
      client_id: portalApp(h.config).clientId,
      uid: user.id,
      username: user.profile.login,
    });
    const rotated = await refresh(h, tokens.refresh_token);
    h.clock.advance(h.config.tokens.refreshTokenGraceSeconds);
    expect(await introspect(h, tokens.refresh_token)).toEqual({ active: false });
    expect((await introspect(h, rotated.body.refresh_token)).active).toBe(true);
    await revoke(h, rotated.body.refresh_token);
    expect(await introspect(h, rotated.body.refresh_token)).toEqual({ active: false });
  });
});

describe('refresh tokens with org settings changed', () => {
  it('grace period 0: any reuse of a rotated token revokes the family', async () => {
    const h = await startHarness({ tokens: { refreshTokenGraceSeconds: 0 } });
    try {
      const { tokens } = await session(h);
      const rotated = await refresh(h, tokens.refresh_token);
      expect((await refresh(h, tokens.refresh_token)).body).toEqual(INVALID);
      expect((await refresh(h, rotated.body.refresh_token)).body).toEqual(INVALID);
    } finally {
      h.close();
    }
  });

  it('an absolute lifetime is kept across rotations (rotation never extends it)', async () => {
    const h = await startHarness({ tokens: { refreshTokenLifetimeSeconds: 100 } });
    try {
      const { tokens } = await session(h);
      h.clock.advance(60);
      const rotated = await refresh(h, tokens.refresh_token);
      expect(rotated.status).toBe(200);
      expect((await introspect(h, rotated.body.refresh_token)).exp).toBe(Math.floor(h.clock.now() / 1000) + 40);
      h.clock.advance(41);
      expect((await refresh(h, rotated.body.refresh_token)).body).toEqual(INVALID);
    } finally {
      h.close();
    }
  });

  it('deactivating the user ends every refresh token', async () => {
    const h = await startHarness();
    try {
      const { user, tokens } = await session(h);
      await h.ctx.store.updateUserRevokingTokens({ ...user, status: 'DEPROVISIONED' }, h.clock.now());
      expect((await refresh(h, tokens.refresh_token)).body).toEqual(INVALID);
    } finally {
      h.close();
    }
  });
});

describe('/dev/api/clock', () => {
  const SSWS = { Authorization: 'SSWS 00devorg-local-api-token-not-a-secret' };

  it('is absent unless clockControl is on', async () => {
    const h = await startHarness();
    try {
      expect((await h.app.request('/dev/api/clock', { headers: SSWS })).status).toBe(404);
    } finally {
      h.close();
    }
  });

  it('moves the org clock forward for API-token holders only', async () => {
    const h = await startHarness({ clockControl: true });
    try {
      const before = h.clock.now();
      expect((await h.app.request('/dev/api/clock')).status).toBe(401);
      const advance = (body: unknown) =>
        h.app.request('/dev/api/clock', {
          method: 'POST',
          headers: { ...SSWS, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const res = await advance({ advanceSeconds: 31 });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Body).nowMs).toBe(before + 31_000);
      expect(h.clock.now()).toBe(before + 31_000);
      for (const bad of [{ advanceSeconds: -5 }, { advanceSeconds: '10' }, {}, { advanceSeconds: 10 * 24 * 3600 }]) {
        const refused = await advance(bad);
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as Body).errorCode).toBe('E0000001');
      }
      expect(h.clock.now()).toBe(before + 31_000);
    } finally {
      h.close();
    }
  });
});
