/**
 * The org session (`idx` cookie): set when a sign-in completes, persistent only with "Keep me signed
 * in", skipping the password of the same user's next sign-in while it lasts, and ended by sign-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, SignJWT } from 'jose';
import { hashSessionToken, SESSION_COOKIE } from './sessions';
import {
  begin,
  exchange,
  json,
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  PORTAL,
  startHarness,
  type Harness,
  type IdxDoc,
} from './testing/harness';
import { portalApp } from './config';

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

/** The `idx` cookie a response sets: its value and attributes (lower-cased names). */
function sessionCookie(res: { headers: Headers }): { value: string; attributes: Record<string, string> } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!line) return undefined;
  const [pair = '', ...rest] = line.split(';').map((p) => p.trim());
  const attributes: Record<string, string> = {};
  for (const a of rest) {
    const [k = '', v = ''] = a.split('=');
    attributes[k.toLowerCase()] = v;
  }
  return { value: decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1)), attributes };
}

/** Posts to a remediation's href as the widget does, with the browser's cookie (if any). */
async function post(h: Harness, doc: IdxDoc, name: string, body: Record<string, unknown>, cookie?: string) {
  const remediation = (doc.remediation?.value ?? []).find((r: IdxDoc) => r.name === name);
  if (!remediation) throw new Error(`no remediation ${name} in ${JSON.stringify(names(doc))}`);
  const init = json({ ...body, stateHandle: doc.stateHandle });
  if (cookie) init.headers = { ...(init.headers as Record<string, string>), Cookie: `${SESSION_COOKIE}=${cookie}` };
  const res = await h.app.request(new URL(remediation.href).pathname, init);
  return { status: res.status, doc: (await res.json()) as IdxDoc, res };
}

interface Attempt {
  /** The reply to identify: a password challenge, or success when the session covered everything. */
  identified: Awaited<ReturnType<typeof post>>;
  verifier: string;
}

async function identify(h: Harness, login: string, opts: { cookie?: string; rememberMe?: boolean } = {}): Promise<Attempt> {
  const start = await begin(h);
  const body = { identifier: login, ...(opts.rememberMe !== undefined ? { rememberMe: opts.rememberMe } : {}) };
  return { identified: await post(h, start.doc, 'identify', body, opts.cookie), verifier: start.verifier };
}

/** A whole sign-in with the password (and the email code when the policy asks); returns the last reply. */
async function signInFully(h: Harness, login: string, opts: { cookie?: string; rememberMe?: boolean } = {}) {
  const { identified, verifier } = await identify(h, login, opts);
  expect(names(identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
  let last = await post(h, identified.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }, opts.cookie);
  for (let i = 0; i < 3 && !last.doc.successWithInteractionCode; i++) {
    const n = names(last.doc);
    if (n.includes('skip')) last = await post(h, last.doc, 'skip', {}, opts.cookie);
    else {
      const form = n.includes('enroll-authenticator') ? 'enroll-authenticator' : 'challenge-authenticator';
      last = await post(h, last.doc, form, { credentials: { passcode: await latestCode(h, login) } }, opts.cookie);
    }
  }
  expect(last.doc.successWithInteractionCode).toBeDefined();
  return { ...last, verifier };
}

function interactionCode(doc: IdxDoc): string {
  return doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
}

async function idTokenClaims(h: Harness, doc: IdxDoc, verifier: string) {
  const tokens = await exchange(h, interactionCode(doc), verifier);
  expect(tokens.status).toBe(200);
  return decodeJwt(tokens.body.id_token as string);
}

/** A browser signed in through the whole flow: its `idx` cookie value and the ID token it was issued. */
async function signedInBrowser(h: Harness): Promise<{ token: string; idToken: string; login: string }> {
  const user = await makeUser(h);
  const done = await signInFully(h, user.profile.login);
  const token = sessionCookie(done.res)?.value;
  if (!token) throw new Error('the sign-in set no session cookie');
  const { id_token } = (await exchange(h, interactionCode(done.doc), done.verifier)).body as { id_token: string };
  return { token, idToken: id_token, login: user.profile.login };
}

/** RP-initiated logout as the browser navigates to it, with the session cookie. */
function logout(h: Harness, token: string, query: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    h.app.request(`/oauth2/default/v1/logout?${new URLSearchParams(query)}`, { headers: { Cookie: `${SESSION_COOKIE}=${token}` } }),
  );
}

/** The session is still stored, and still skips the password of its user's next sign-in. */
async function expectSessionKept(h: Harness, token: string, login: string): Promise<void> {
  expect(await h.ctx.store.sessionByTokenHash(hashSessionToken(token))).toBeDefined();
  expect((await identify(h, login, { cookie: token })).identified.doc.successWithInteractionCode).toBeDefined();
}

describe('org session (password-only sign-on)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ session: { maxIdleMinutes: 120, maxLifetimeMinutes: 180, persistentDays: 7 } });
  });
  afterAll(() => h.close());

  it('a completed sign-in sets an HttpOnly, Secure, SameSite=None browser-session cookie; nothing before that', async () => {
    const user = await makeUser(h);
    const { identified } = await identify(h, user.profile.login);
    expect(sessionCookie(identified.res)).toBeUndefined();
    const done = await post(h, identified.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const cookie = sessionCookie(done.res);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toEqual({ path: '/', httponly: '', secure: '', samesite: 'None' });
  });

  it('only a hash of the cookie is stored', async () => {
    const user = await makeUser(h);
    const done = await signInFully(h, user.profile.login);
    const token = sessionCookie(done.res)?.value ?? '';
    expect(await h.ctx.store.sessionByTokenHash(token)).toBeUndefined();
    expect((await h.ctx.store.sessionByTokenHash(hashSessionToken(token)))?.userId).toBe(user.id);
  });

  it('"Keep me signed in" makes it persistent: Max-Age and Expires of session.persistentDays', async () => {
    const user = await makeUser(h);
    const done = await signInFully(h, user.profile.login, { rememberMe: true });
    const cookie = sessionCookie(done.res);
    expect(cookie?.attributes['max-age']).toBe(String(7 * 24 * 3600));
    expect(new Date(cookie?.attributes.expires ?? '').getTime()).toBe(h.clock.now() + 7 * 24 * 3600_000);
    expect(cookie?.attributes).toMatchObject({ httponly: '', secure: '', samesite: 'None', path: '/' });
  });

  it('the next sign-in of the same user skips the password; amr and auth_time come from the session', async () => {
    const user = await makeUser(h);
    const first = await signInFully(h, user.profile.login);
    const firstClaims = await idTokenClaims(h, first.doc, first.verifier);
    const token = sessionCookie(first.res)?.value;
    h.clock.advance(60);

    const again = await identify(h, user.profile.login, { cookie: token });
    expect(again.identified.status).toBe(200);
    expect(again.identified.doc.successWithInteractionCode).toBeDefined();
    const claims = await idTokenClaims(h, again.identified.doc, again.verifier);
    expect(claims).toMatchObject({ sub: user.id, amr: ['pwd'], auth_time: firstClaims.auth_time });

    // The token is rotated at every completed sign-in: the old value is dead.
    const rotated = sessionCookie(again.identified.res)?.value;
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(token);
    expect(names((await identify(h, user.profile.login, { cookie: token })).identified.doc)).toEqual([
      'challenge-authenticator',
      'select-authenticator-authenticate',
    ]);
    expect((await identify(h, user.profile.login, { cookie: rotated })).identified.doc.successWithInteractionCode).toBeDefined();
  });

  it("another user's session doesn't apply: the password is asked, and that sign-in replaces the session", async () => {
    const alice = await makeUser(h);
    const bob = await makeUser(h);
    const token = sessionCookie((await signInFully(h, alice.profile.login)).res)?.value;
    const asBob = await identify(h, bob.profile.login, { cookie: token });
    expect(names(asBob.identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    const done = await post(h, asBob.identified.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }, token);
    const bobs = sessionCookie(done.res)?.value;
    expect((await h.ctx.store.sessionByTokenHash(hashSessionToken(bobs ?? '')))?.userId).toBe(bob.id);
    // Alice's session ended with it (a browser holds one `idx` cookie).
    expect(await h.ctx.store.sessionByTokenHash(hashSessionToken(token ?? ''))).toBeUndefined();
  });

  it('a forged, unknown or oversized cookie is ignored (no error, the password is asked)', async () => {
    const user = await makeUser(h);
    for (const cookie of ['forged', 'A'.repeat(43), 'x'.repeat(5000), '%E0%A4%A', '"quoted"']) {
      const { identified } = await identify(h, user.profile.login, { cookie });
      expect(identified.status).toBe(200);
      expect(names(identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    }
  });

  it('a browser-session expires after maxIdleMinutes unused', async () => {
    const user = await makeUser(h);
    const token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
    h.clock.advance(121 * 60);
    expect(names((await identify(h, user.profile.login, { cookie: token })).identified.doc)).toEqual([
      'challenge-authenticator',
      'select-authenticator-authenticate',
    ]);
  });

  it('use keeps a browser-session alive, up to maxLifetimeMinutes from sign-in', async () => {
    const user = await makeUser(h);
    let token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
    h.clock.advance(100 * 60);
    const used = await identify(h, user.profile.login, { cookie: token });
    expect(used.identified.doc.successWithInteractionCode).toBeDefined();
    token = sessionCookie(used.identified.res)?.value;
    // 170 minutes after sign-in: idle for 70 only, so still good…
    h.clock.advance(70 * 60);
    const again = await identify(h, user.profile.login, { cookie: token });
    expect(again.identified.doc.successWithInteractionCode).toBeDefined();
    token = sessionCookie(again.identified.res)?.value;
    // …but 181 minutes after sign-in the absolute limit (180) has passed.
    h.clock.advance(11 * 60);
    expect(names((await identify(h, user.profile.login, { cookie: token })).identified.doc)).toEqual([
      'challenge-authenticator',
      'select-authenticator-authenticate',
    ]);
  });

  it('a persistent session outlives the idle limit and ends after persistentDays', async () => {
    const user = await makeUser(h);
    const token = sessionCookie((await signInFully(h, user.profile.login, { rememberMe: true })).res)?.value;
    h.clock.advance(3 * 24 * 3600);
    const later = await identify(h, user.profile.login, { cookie: token });
    expect(later.identified.doc.successWithInteractionCode).toBeDefined();
    const next = sessionCookie(later.identified.res);
    // Still persistent, still counting from the original sign-in.
    expect(next?.attributes['max-age']).toBe(String(4 * 24 * 3600));
    h.clock.advance(4 * 24 * 3600 + 1);
    expect(names((await identify(h, user.profile.login, { cookie: next?.value })).identified.doc)).toEqual([
      'challenge-authenticator',
      'select-authenticator-authenticate',
    ]);
  });

  it('/v1/logout ends the session and clears the cookie; the next sign-in asks for the password', async () => {
    const user = await makeUser(h);
    const first = await signInFully(h, user.profile.login, { rememberMe: true });
    const { id_token } = (await exchange(h, interactionCode(first.doc), first.verifier)).body as { id_token: string };
    const token = sessionCookie(first.res)?.value;
    const url = `/oauth2/default/v1/logout?${new URLSearchParams({ id_token_hint: id_token, post_logout_redirect_uri: `${PORTAL}/` })}`;
    const res = await h.app.request(url, { headers: { Cookie: `${SESSION_COOKIE}=${token}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${PORTAL}/`);
    const cleared = sessionCookie(res);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes['max-age']).toBe('0');
    expect(names((await identify(h, user.profile.login, { cookie: token })).identified.doc)).toEqual([
      'challenge-authenticator',
      'select-authenticator-authenticate',
    ]);
    expect((await h.app.request('/api/v1/sessions/me', { headers: { Cookie: `${SESSION_COOKIE}=${token}` } })).status).toBe(404);
  });

  it('/v1/logout with a post_logout_redirect_uri that is not registered keeps the session', async () => {
    const { token, idToken, login } = await signedInBrowser(h);
    const res = await logout(h, token, { id_token_hint: idToken, post_logout_redirect_uri: 'https://evil.example/' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(sessionCookie(res)).toBeUndefined();
    await expectSessionKept(h, token, login);
  });

  // Okta refuses a logout that names no client (neither an ID token nor, on newer orgs, `client_id`):
  // anything that can make the browser load a URL could otherwise sign its user out of the org.
  describe('/v1/logout must name the client', () => {
    it('without id_token_hint or client_id: a 400 page naming the parameter, and the session lives on', async () => {
      const { token, login } = await signedInBrowser(h);
      const queries: Record<string, string>[] = [{ post_logout_redirect_uri: `${PORTAL}/` }, {}];
      for (const query of queries) {
        const res = await logout(h, token, query);
        expect(res.status, JSON.stringify(query)).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toContain('id_token_hint');
        expect(res.headers.get('location')).toBeNull();
        expect(sessionCookie(res)).toBeUndefined();
      }
      await expectSessionKept(h, token, login);
    });

    it("with the app's client_id and its registered post_logout_redirect_uri, no hint: signs out", async () => {
      const { token } = await signedInBrowser(h);
      const res = await logout(h, token, { client_id: portalApp(h.config).clientId, post_logout_redirect_uri: `${PORTAL}/`, state: 's1' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${PORTAL}/?state=s1`);
      expect(sessionCookie(res)?.attributes['max-age']).toBe('0');
      expect(await h.ctx.store.sessionByTokenHash(hashSessionToken(token))).toBeUndefined();
    });

    for (const [what, query] of [
      ['an unknown client_id', () => ({ client_id: '0oanotthisorgsapp001', post_logout_redirect_uri: `${PORTAL}/` })],
      [
        "the app's client_id but an unregistered redirect",
        (app: string) => ({ client_id: app, post_logout_redirect_uri: 'https://evil.example/' }),
      ],
      ["the app's client_id but no redirect", (app: string) => ({ client_id: app })],
    ] as const) {
      it(`with ${what} and no hint: 400, and the session lives on`, async () => {
        const { token, login } = await signedInBrowser(h);
        const res = await logout(h, token, query(portalApp(h.config).clientId));
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(sessionCookie(res)).toBeUndefined();
        await expectSessionKept(h, token, login);
      });
    }

    it("an ID token issued to another client is no hint for this app's logout", async () => {
      const { token, idToken, login } = await signedInBrowser(h);
      const foreign = await new SignJWT({ ...decodeJwt(idToken), aud: '0oasomeotherclient01' })
        .setProtectedHeader({ alg: 'RS256', kid: h.ctx.signingKey.kid, typ: 'JWT' })
        .sign(h.ctx.signingKey.privateKey);
      const res = await logout(h, token, { id_token_hint: foreign, post_logout_redirect_uri: `${PORTAL}/` });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      await expectSessionKept(h, token, login);
    });

    it("a client_id that differs from the hint's audience is refused", async () => {
      const { token, idToken, login } = await signedInBrowser(h);
      const res = await logout(h, token, {
        id_token_hint: idToken,
        client_id: '0oasomeotherclient01',
        post_logout_redirect_uri: `${PORTAL}/`,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      await expectSessionKept(h, token, login);
    });

    it('the hint and a matching client_id together sign out', async () => {
      const { token, idToken } = await signedInBrowser(h);
      const res = await logout(h, token, {
        id_token_hint: idToken,
        client_id: portalApp(h.config).clientId,
        post_logout_redirect_uri: `${PORTAL}/`,
      });
      expect(res.status).toBe(302);
      expect(await h.ctx.store.sessionByTokenHash(hashSessionToken(token))).toBeUndefined();
    });

    it('a hint that is not our ID token is refused', async () => {
      const { token, login } = await signedInBrowser(h);
      const res = await logout(h, token, { id_token_hint: 'not.a.jwt', post_logout_redirect_uri: `${PORTAL}/` });
      expect(res.status).toBe(400);
      await expectSessionKept(h, token, login);
    });
  });

  it('GET /api/v1/sessions/me describes the session; DELETE ends it (then 404 E0000007)', async () => {
    const user = await makeUser(h);
    const token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
    const headers = { Cookie: `${SESSION_COOKIE}=${token}`, Origin: PORTAL };
    const got = await h.app.request('/api/v1/sessions/me', { headers });
    expect(got.status).toBe(200);
    expect(got.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(got.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await got.json()).toMatchObject({
      userId: user.id,
      login: user.profile.login,
      status: 'ACTIVE',
      amr: ['pwd'],
      mfaActive: false,
    });

    const deleted = await h.app.request('/api/v1/sessions/me', { method: 'DELETE', headers });
    expect(deleted.status).toBe(204);
    expect(sessionCookie(deleted)?.attributes['max-age']).toBe('0');
    const again = await h.app.request('/api/v1/sessions/me', { method: 'DELETE', headers });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ errorCode: 'E0000007' });
    // No API token needed (nor accepted instead of the cookie).
    const withToken = await h.app.request('/api/v1/sessions/me', { headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` } });
    expect(withToken.status).toBe(404);
  });

  for (const [what, change] of [
    ['suspended', (h: Harness, id: string) => h.app.request(`/api/v1/users/${id}/lifecycle/suspend`, admin(h, {}))],
    ['deactivated', (h: Harness, id: string) => h.app.request(`/api/v1/users/${id}/lifecycle/deactivate`, admin(h, {}))],
    [
      'given a new password',
      (h: Harness, id: string) =>
        h.app.request(`/api/v1/users/${id}`, admin(h, { credentials: { password: { value: 'Another-Horse-77' } } })),
    ],
  ] as const) {
    it(`the session of a user ${what} since no longer counts`, async () => {
      const user = await makeUser(h);
      const token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
      h.clock.advance(1);
      expect((await change(h, user.id)).status).toBe(200);
      const headers = { Cookie: `${SESSION_COOKIE}=${token}` };
      expect((await h.app.request('/api/v1/sessions/me', { headers })).status).toBe(404);
      const { identified } = await identify(h, user.profile.login, { cookie: token });
      expect(identified.doc.successWithInteractionCode).toBeUndefined();
    });
  }

  it('the session of a user locked out by wrong passwords no longer counts', async () => {
    const user = await makeUser(h);
    const token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
    await h.ctx.store.updateUser({ ...(await h.ctx.store.userById(user.id))!, status: 'LOCKED_OUT' });
    expect((await h.app.request('/api/v1/sessions/me', { headers: { Cookie: `${SESSION_COOKIE}=${token}` } })).status).toBe(404);
  });
});

function admin(h: Harness, body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `SSWS ${h.config.apiTokens[0]}` },
    body: JSON.stringify(body),
  };
}

describe('org session under the MFA sign-on policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ORG_POLICIES);
  });
  afterAll(() => h.close());

  it('a session that verified password and email satisfies the policy: straight to success, amr pwd+email', async () => {
    const user = await makeUser(h);
    const token = sessionCookie((await signInFully(h, user.profile.login)).res)?.value;
    const again = await identify(h, user.profile.login, { cookie: token });
    expect(again.identified.doc.successWithInteractionCode).toBeDefined();
    const claims = await idTokenClaims(h, again.identified.doc, again.verifier);
    expect(claims.amr).toEqual(['pwd', 'email', 'mfa']);
  });

  it('a session with the password only (from a laxer policy) skips the password but asks for the second factor', async () => {
    const user = await makeUser(h);
    // Sign in fully once so email is enrolled, then give the browser a password-only session.
    await signInFully(h, user.profile.login);
    const now = h.clock.now();
    const token = 'a-password-only-session-token-for-the-test-0';
    await h.ctx.store.createSession({
      id: '102passwordonly00001',
      tokenHash: hashSessionToken(token),
      userId: user.id,
      factors: ['okta_password'],
      authTime: now,
      persistent: false,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: now + 3600_000,
    });
    const again = await identify(h, user.profile.login, { cookie: token });
    expect(names(again.identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    expect(again.identified.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
    const done = await post(
      h,
      again.identified.doc,
      'challenge-authenticator',
      { credentials: { passcode: await latestCode(h, user.profile.login) } },
      token,
    );
    expect(done.doc.successWithInteractionCode).toBeDefined();
    // The session now holds both factors.
    const upgraded = sessionCookie(done.res)?.value ?? '';
    expect((await h.ctx.store.sessionByTokenHash(hashSessionToken(upgraded)))?.factors.sort()).toEqual(['okta_email', 'okta_password']);
  });
});
