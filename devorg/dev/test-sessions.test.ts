import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../config';
import { form, makeUser, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clockControl: true });
});
afterAll(() => h.close());

const TOKEN = '/oauth2/default/v1/token';

async function testSignIn(body: unknown, org: Harness = h) {
  const res = await org.app.request('/dev/api/sessions', {
    method: 'POST',
    headers: { Authorization: `SSWS ${org.config.apiTokens[0]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, setCookie: res.headers.get('set-cookie') };
}

describe('dev test sign-in (/dev/api/sessions)', () => {
  it('mints a real, recorded token set marked devorg_test, which userinfo, refresh and revoke treat like any other', async () => {
    const user = await makeUser(h);
    const clientId = portalApp(h.config).clientId;
    const { status, body } = await testSignIn({ login: user.profile.login, clientId, amr: ['pwd', 'otp', 'mfa'] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email offline_access' });

    const jwks = createLocalJWKSet((await (await h.app.request('/oauth2/default/v1/keys')).json()) as JSONWebKeySet);
    const at = await jwtVerify(String(body.access_token), jwks, {
      issuer: h.ctx.issuer,
      audience: 'api://default',
      currentDate: new Date(h.clock.now()),
    });
    expect(at.protectedHeader.alg).toBe('RS256');
    expect(at.payload).toMatchObject({ uid: user.id, sub: user.profile.login, cid: clientId, devorg_test: true });
    const id = await jwtVerify(String(body.id_token), jwks, {
      issuer: h.ctx.issuer,
      audience: clientId,
      currentDate: new Date(h.clock.now()),
    });
    expect(id.payload).toMatchObject({
      sub: user.id,
      amr: ['pwd', 'otp', 'mfa'],
      preferred_username: user.profile.login,
      devorg_test: true,
    });

    const info = await h.app.request('/oauth2/default/v1/userinfo', { headers: { Authorization: `Bearer ${String(body.access_token)}` } });
    expect(info.status).toBe(200);

    const refreshed = await h.app.request(
      TOKEN,
      form({
        client_id: clientId,
        grant_type: 'refresh_token',
        refresh_token: String(body.refresh_token),
        scope: 'openid profile email offline_access',
      }),
    );
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Record<string, string>;
    expect(decodeJwt(next.access_token ?? '')).toMatchObject({ devorg_test: true });
    expect(decodeJwt(next.id_token ?? '')).toMatchObject({ devorg_test: true });

    const revoked = await h.app.request('/oauth2/default/v1/revoke', form({ client_id: clientId, token: next.refresh_token ?? '' }));
    expect(revoked.status).toBe(200);
    const again = await h.app.request(
      TOKEN,
      form({ client_id: clientId, grant_type: 'refresh_token', refresh_token: next.refresh_token ?? '' }),
    );
    expect(again.status).toBe(400);
  });

  it('sets the org session cookie a sign-in leaves, with "session", and none without', async () => {
    const user = await makeUser(h);
    const clientId = portalApp(h.config).clientId;
    expect((await testSignIn({ login: user.profile.login, clientId })).setCookie).toBeNull();

    const signedIn = await testSignIn({ login: user.profile.login, clientId, amr: ['pwd', 'otp'], session: true });
    expect(signedIn.status).toBe(201);
    expect(signedIn.body.access_token).toBeDefined();
    const cookie = signedIn.setCookie ?? '';
    expect(cookie).toMatch(/^idx=[^;]+; .*HttpOnly/);
    expect(cookie).not.toMatch(/Max-Age/);
    const idx = cookie.split(';')[0] ?? '';
    const me = await h.app.request('/api/v1/sessions/me', { headers: { Cookie: idx } });
    expect(me.status).toBe(200);
    // Its factors are the authenticators whose amr was given (otp: an authenticator app; no such enrollment needed).
    expect(await me.json()).toMatchObject({ userId: user.id, status: 'ACTIVE', amr: ['pwd', 'otp'], mfaActive: true });

    const remembered = await testSignIn({ login: user.profile.login, clientId, session: { rememberMe: true } });
    expect(remembered.setCookie).toMatch(/^idx=[^;]+; Max-Age=\d+/);
    // The session is the org's own: signing out ends it.
    const out = await h.app.request('/api/v1/sessions/me', { method: 'DELETE', headers: { Cookie: idx } });
    expect(out.status).toBe(204);
    expect((await h.app.request('/api/v1/sessions/me', { headers: { Cookie: idx } })).status).toBe(404);
  });

  it('narrows to the scopes asked for, and refuses scopes, users and apps a sign-in could not have', async () => {
    const user = await makeUser(h);
    const clientId = portalApp(h.config).clientId;
    const narrow = await testSignIn({ login: user.profile.login, clientId, scopes: ['openid'] });
    expect(narrow.body).toMatchObject({ scope: 'openid' });
    expect(narrow.body.refresh_token).toBeUndefined();

    const cases: [unknown, number, RegExp][] = [
      [{ login: user.profile.login, clientId, scopes: ['openid', 'admin'] }, 400, /scopes: not allowed .*admin/],
      [{ login: user.profile.login, clientId: '0oanope' }, 400, /clientId: no app/],
      [{ login: 'nobody@example.test', clientId }, 404, /nobody@example.test/],
      [{ login: user.profile.login }, 400, /clientId: required/],
      [{ login: user.profile.login, clientId, amr: ['PWD!'] }, 400, /amr\[0\]: must be an amr value/],
      [{ login: user.profile.login, clientId, extra: 1 }, 400, /extra: unknown key/],
      [{ login: user.profile.login, clientId, session: false }, 400, /session: must be true or/],
      [{ login: user.profile.login, clientId, session: { rememberMe: 'yes' } }, 400, /session/],
      [{ login: user.profile.login, clientId, authenticatedSecondsAgo: -1 }, 400, /authenticatedSecondsAgo/],
      [{ login: user.profile.login, clientId, authenticatedSecondsAgo: 86_401 }, 400, /authenticatedSecondsAgo/],
    ];
    for (const [body, status, text] of cases) {
      const res = await testSignIn(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body), JSON.stringify(body)).toMatch(text);
    }
    await h.app.request(`/api/v1/users/${user.id}/lifecycle/deactivate`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` },
    });
    expect(await testSignIn({ login: user.profile.login, clientId })).toMatchObject({ status: 400 });
    expect((await h.app.request('/dev/api/sessions', { method: 'POST' })).status).toBe(401);
  });

  it('dates the sign-in back with authenticatedSecondsAgo: auth_time, and MyAccount then asks for a step-up', async () => {
    const user = await makeUser(h);
    const clientId = portalApp(h.config).clientId;
    const scopes = ['openid', 'okta.myAccount.profile.read', 'okta.myAccount.profile.manage'];
    const { body } = await testSignIn({ login: user.profile.login, clientId, scopes, authenticatedSecondsAgo: 1000 });
    const now = Math.floor(h.clock.now() / 1000);
    expect(decodeJwt(String(body.id_token)).auth_time).toBe(now - 1000);
    const change = await h.app.request('/idp/myaccount/profile', {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${String(body.access_token)}`,
        Accept: 'application/json; okta-version=1.0.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ profile: { firstName: 'Later' } }),
    });
    expect(change.status).toBe(403);
    expect(change.headers.get('www-authenticate')).toMatch(/insufficient_authentication_context.*max_age="?900/);
  });

  it('is refused outside test mode (clockControl off)', async () => {
    const plain = await startHarness();
    try {
      const user = await makeUser(plain);
      const res = await testSignIn({ login: user.profile.login, clientId: portalApp(plain.config).clientId }, plain);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).toMatch(/clockControl/);
    } finally {
      plain.close();
    }
  });
});
