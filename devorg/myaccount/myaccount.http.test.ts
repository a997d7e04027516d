/**
 * The MyAccount routes auth-js 7.14.5 has no functions for — authenticators and their enrollments,
 * sessions — and the rules every route shares (the API version, the bearer token, scopes), over plain
 * HTTP against an in-process devorg with the org's default policies (password + email, optional MFA).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_AUTHENTICATOR_ID } from '../authenticators/email';
import { portalApp } from '../config';
import {
  exchange,
  form,
  json,
  makeUser,
  ORG_POLICIES,
  passMfa,
  PASSWORD,
  pkce,
  REDIRECT_URI,
  remediate,
  signIn,
  startHarness,
  type Harness,
} from '../testing/harness';
import type { UserRecord } from '../store';

const ALL_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'okta.myAccount.profile.read',
  'okta.myAccount.authenticators.read',
  'okta.myAccount.authenticators.manage',
  'okta.myAccount.sessions.manage',
];
const ACCEPT = 'application/json; okta-version=1.0.0';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

interface SignedIn {
  accessToken: string;
  refreshToken: string;
  /** The org session cookie (`idx=…`) the sign-in set. */
  cookie: string;
}

async function signedIn(user: UserRecord, scopes = ALL_SCOPES): Promise<SignedIn> {
  const { code, verifier, headers } = await signIn(h, user.profile.login, undefined, { scope: scopes.join(' ') });
  const { body } = await exchange(h, code, verifier);
  const cookie = /(?:^|,\s*)(idx=[^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];
  if (typeof body.access_token !== 'string' || !cookie) throw new Error('sign-in gave no token or session');
  return { accessToken: body.access_token, refreshToken: String(body.refresh_token), cookie };
}

function call(path: string, token: string, init: RequestInit = {}) {
  return h.app.request(`/idp/myaccount${path}`, {
    ...init,
    headers: { Accept: ACCEPT, Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

async function factors(userId: string): Promise<string[]> {
  const res = await h.app.request(`/api/v1/users/${userId}/factors`, { headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` } });
  return ((await res.json()) as { factorType: string }[]).map((f) => f.factorType);
}

async function seedTotp(user: UserRecord): Promise<string> {
  const now = h.clock.now();
  const id = 'uft' + user.id.slice(3);
  await h.ctx.store.saveEnrollment({
    id,
    userId: user.id,
    authenticator: 'google_otp',
    profile: {},
    secret: { secret: 'JBSWY3DPEHPK3PXP' },
    failures: 0,
    lastUsedStep: null,
    createdAt: now,
    lastVerifiedAt: null,
  });
  return id;
}

/** The user's System Log events of one type, through `/api/v1/logs`. */
async function logEvents(eventType: string, userId: string): Promise<Json[]> {
  const filter = `eventType eq "${eventType}" and target.id eq "${userId}"`;
  const res = await h.app.request(`/api/v1/logs?${new URLSearchParams({ filter, since: '2000-01-01T00:00:00.000Z' })}`, {
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side view of response JSON

describe('every MyAccount route', () => {
  it('needs the API version in Accept: 406 without it, in Okta’s error shape', async () => {
    const { accessToken } = await signedIn(await makeUser(h));
    const res = await call('/profile', accessToken, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(406);
    expect(await res.json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: expect.stringMatching(/okta-version=1\.0\.0/) }],
    });
    // auth-js's own Accept header is enough.
    expect((await call('/profile', accessToken, { headers: { Accept: '*/*;okta-version=1.0.0' } })).status).toBe(200);
  });

  it('needs a valid bearer token: 401 E0000011 with a Bearer challenge', async () => {
    for (const auth of [undefined, 'Bearer not-a-token', 'SSWS ' + h.config.apiTokens[0]]) {
      const res = await h.app.request('/idp/myaccount/profile', { headers: { Accept: ACCEPT, ...(auth ? { Authorization: auth } : {}) } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="IdpMyAccountAPI", error="invalid_token"/);
      expect(((await res.json()) as Json).errorCode).toBe('E0000011');
    }
  });

  it('refuses a token without the route’s scope: 403 naming it', async () => {
    const { accessToken } = await signedIn(await makeUser(h), ['openid', 'okta.myAccount.authenticators.read']);
    expect((await call('/authenticators', accessToken)).status).toBe(200);
    const res = await call('/sessions', accessToken, { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('scope="okta.myAccount.sessions.manage"');
  });
});

describe('authenticators', () => {
  it('lists the policy’s authenticators with the user’s enrollments, as Okta shapes them', async () => {
    const user = await makeUser(h);
    const { accessToken } = await signedIn(user);
    const totp = await seedTotp(user);
    const list = (await (await call('/authenticators?expand=enrollments', accessToken)).json()) as Json[];
    const byKey = Object.fromEntries(list.map((a) => [a.key, a]));
    expect(list.map((a) => a.key)).toEqual(['okta_password', 'okta_email', 'google_otp', 'phone_number', 'security_question', 'webauthn']);
    expect(byKey.okta_password._embedded.enrollments).toEqual([
      expect.objectContaining({ canUnenroll: false, canReset: true, name: 'Password' }),
    ]);
    const [email] = byKey.okta_email._embedded.enrollments as Json[];
    expect(email).toMatchObject({ canUnenroll: false, profile: { email: expect.stringContaining('***') } });
    expect(byKey.okta_email.enrollable).toBe(false);
    expect(byKey.google_otp._embedded.enrollments).toEqual([expect.objectContaining({ id: totp, canUnenroll: true })]);
    expect(byKey.phone_number).toMatchObject({ enrollable: true, _embedded: { enrollments: [] } });
    const self = byKey.google_otp._embedded.enrollments[0]._links.self;
    expect(self).toEqual({
      href: `${h.config.publicOrigin}/idp/myaccount/authenticators/${byKey.google_otp.id}/enrollments/${totp}`,
      hints: { allow: ['GET', 'DELETE'] },
    });
    // Without `expand`, no enrollments are embedded; they are one link away.
    const plain = (await (await call('/authenticators', accessToken)).json()) as Json[];
    expect(plain.every((a) => a._embedded === undefined)).toBe(true);
    const enrollments = (await (await call(`/authenticators/${byKey.google_otp.id}/enrollments`, accessToken)).json()) as Json[];
    expect(enrollments.map((e) => e.id)).toEqual([totp]);
  });

  it('removes an enrollment: gone from the factors API and from the next sign-in, and logged', async () => {
    const user = await makeUser(h);
    const { accessToken } = await signedIn(user);
    const totp = await seedTotp(user);
    expect(await factors(user.id)).toContain('token:software:totp');
    const list = (await (await call('/authenticators', accessToken)).json()) as Json[];
    const otpId = list.find((a) => a.key === 'google_otp')?.id as string;
    const res = await call(`/authenticators/${otpId}/enrollments/${totp}`, accessToken, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await factors(user.id)).not.toContain('token:software:totp');
    expect((await call(`/authenticators/${otpId}/enrollments/${totp}`, accessToken)).status).toBe(404);
    // The next sign-in no longer offers it as a second factor.
    const again = await signIn(h, user.profile.login, undefined, { scope: 'openid' });
    expect(JSON.stringify(again.doc)).not.toContain('google_otp');
    expect(await logEvents('user.mfa.factor.deactivate', user.id)).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: user.id }),
        target: expect.arrayContaining([expect.objectContaining({ id: totp })]),
      }),
    ]);
  });

  it('keeps what the policy requires and the password: 403 with the reason', async () => {
    const user = await makeUser(h);
    const { accessToken } = await signedIn(user);
    const list = (await (await call('/authenticators?expand=enrollments', accessToken)).json()) as Json[];
    for (const key of ['okta_email', 'okta_password']) {
      const a = list.find((x) => x.key === key) as Json;
      const res = await call(`/authenticators/${a.id}/enrollments/${a._embedded.enrollments[0].id}`, accessToken, { method: 'DELETE' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as Json).errorCauses[0].errorSummary).toMatch(
        key === 'okta_email' ? /requires Email/ : /changed, not removed/,
      );
    }
    expect(await factors(user.id)).toEqual(['email']);
  });

  it('answers a removal with an old sign-in with the step-up challenge', async () => {
    const user = await makeUser(h);
    const { accessToken } = await signedIn(user);
    const totp = await seedTotp(user);
    const otpId = ((await (await call('/authenticators', accessToken)).json()) as Json[]).find((a) => a.key === 'google_otp')?.id as string;
    h.clock.advance(901);
    const res = await call(`/authenticators/${otpId}/enrollments/${totp}`, accessToken, { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="IdpMyAccountAPI", error="insufficient_authentication_context", error_description="The access token requires additional assurance to access the resource", max_age=900',
    );
    expect(await factors(user.id)).toContain('token:software:totp');
  });

  it('answers unknown authenticators and enrollments with E0000007', async () => {
    const { accessToken } = await signedIn(await makeUser(h));
    const res = await call('/authenticators/autNOPE/enrollments/x', accessToken, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).errorCode).toBe('E0000007');
  });
});

describe('password complexity requirements', () => {
  it('tells the password policy before the user types, in Okta’s shape, with the password.read scope', async () => {
    const { accessToken } = await signedIn(await makeUser(h), ['openid', 'okta.myAccount.password.read']);
    const res = await call('/password/complexity-requirements', accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; okta-version=1.0.0');
    const body = (await res.json()) as Json;
    const policy = h.config.passwordPolicy;
    expect(body.complexity).toEqual({
      minLength: policy.minLength,
      minLowerCase: policy.minLowerCase,
      minUpperCase: policy.minUpperCase,
      minNumber: policy.minNumber,
      minSymbol: policy.minSymbol,
      excludeUsername: policy.excludeUsername,
      excludeAttributes: policy.excludeAttributes,
    });
    expect(body.description).toContain(`at least ${policy.minLength} characters`);
    expect(body._links).toEqual({
      self: { href: `${h.config.publicOrigin}/idp/myaccount/password/complexity-requirements`, hints: { allow: ['GET'] } },
    });
  });

  it('refuses a token without a password scope: 403 naming password.read', async () => {
    const { accessToken } = await signedIn(await makeUser(h), ['openid', 'okta.myAccount.profile.read']);
    const res = await call('/password/complexity-requirements', accessToken);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('scope="okta.myAccount.password.read"');
  });
});

describe('sessions', () => {
  const refresh = (refreshToken: string) =>
    h.app.request(
      '/oauth2/default/v1/token',
      form({
        client_id: portalApp(h.config).clientId,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        scope: 'openid offline_access',
      }),
    );
  const sessionAlive = async (cookie: string) =>
    (await h.app.request('/api/v1/sessions/me', { headers: { Cookie: cookie } })).status === 200;

  it('signs out everywhere else: other sessions end, other tokens are revoked, the caller’s grant stays', async () => {
    const user = await makeUser(h);
    const here = await signedIn(user);
    const there = await signedIn(user);
    expect(await sessionAlive(there.cookie)).toBe(true);
    const res = await call('/sessions?excludeCurrentAuthorizationContext=true', here.accessToken, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await sessionAlive(there.cookie)).toBe(false);
    expect(await sessionAlive(here.cookie)).toBe(false);
    expect((await call('/profile', there.accessToken)).status).toBe(401);
    expect((await refresh(there.refreshToken)).status).toBe(400);
    expect((await call('/authenticators', here.accessToken)).status).toBe(200);
    expect((await refresh(here.refreshToken)).status).toBe(200);
    const [cleared] = await logEvents('user.session.clear', user.id);
    expect(cleared?.debugContext.debugData).toMatchObject({
      sessionsEnded: '2',
      oauthTokensRevoked: 'true',
    });
  });

  it('by default revokes the caller’s tokens too; oauthTokens=false keeps every token', async () => {
    const user = await makeUser(h);
    const a = await signedIn(user);
    expect((await call('/sessions?oauthTokens=false', a.accessToken, { method: 'DELETE' })).status).toBe(204);
    expect(await sessionAlive(a.cookie)).toBe(false);
    expect((await refresh(a.refreshToken)).status).toBe(200);
    const b = await signedIn(user);
    expect((await call('/sessions', b.accessToken, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/authenticators', b.accessToken)).status).toBe(401);
    expect((await refresh(b.refreshToken)).status).toBe(400);
  });

  it('refuses a query parameter that is not a boolean', async () => {
    const { accessToken } = await signedIn(await makeUser(h));
    const res = await call('/sessions?oauthTokens=maybe', accessToken, { method: 'DELETE' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).errorCauses).toEqual([{ errorSummary: 'oauthTokens: must be true or false' }]);
    expect((await call('/authenticators', accessToken)).status).toBe(200);
  });
});

describe('a required passkey', () => {
  let p: Harness;
  beforeAll(async () => {
    p = await startHarness({
      policies: { enrollment: { required: ['okta_password', 'webauthn'], optional: [] }, signOn: { secondFactor: false } },
    });
  });
  afterAll(() => p.close());

  async function seedPasskeys(user: UserRecord): Promise<string[]> {
    const ids = ['fwfA' + user.id.slice(4), 'fwfB' + user.id.slice(4)];
    for (const [i, id] of ids.entries()) {
      await p.ctx.store.saveEnrollment({
        id,
        userId: user.id,
        authenticator: 'webauthn',
        profile: { credentialId: `cred-${i}-${user.id}`, transports: ['internal'], aaguid: null },
        secret: { publicKey: 'pQECAyYgASFYIA' },
        failures: 0,
        lastUsedStep: 0,
        createdAt: p.clock.now() + i,
        lastVerifiedAt: null,
      });
    }
    return ids;
  }

  async function tokenFor(user: UserRecord): Promise<string> {
    const { code, verifier } = await signIn(p, user.profile.login, undefined, { scope: 'openid okta.myAccount.authenticators.manage' });
    return String((await exchange(p, code, verifier)).body.access_token);
  }

  const get = (token: string, path: string) =>
    p.app.request(`/idp/myaccount${path}`, { headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });

  it('may lose one credential while another is left, never the last, even when two removals race', async () => {
    const user = await makeUser(p);
    const ids = await seedPasskeys(user);
    const token = await tokenFor(user);
    const passkey = ((await (await get(token, '/authenticators?expand=enrollments')).json()) as Json[]).find(
      (a) => a.key === 'webauthn',
    ) as Json;
    expect((passkey._embedded.enrollments as Json[]).map((e) => [e.id, e.canUnenroll])).toEqual([
      [ids[0], true],
      [ids[1], true],
    ]);
    const remove = async (id: string) =>
      p.app.request(`/idp/myaccount/authenticators/${passkey.id}/enrollments/${id}`, {
        method: 'DELETE',
        headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` },
      });
    const statuses = (await Promise.all(ids.map(remove))).map((r) => r.status).sort();
    expect(statuses).toEqual([204, 403]);
    const left = ((await (await get(token, `/authenticators/${passkey.id}/enrollments`)).json()) as Json[]).map((e) => [e.canUnenroll]);
    expect(left).toEqual([[false]]);
  });
});

describe('answering the step-up challenge', () => {
  /** An embedded sign-in in the browser holding `cookie`, with `/v1/interact`'s `max_age`; the IDX reply after the identifier. */
  async function identifyWith(user: UserRecord, cookie: string, maxAge?: number) {
    const { verifier, challenge } = pkce();
    const interact = await h.app.request(
      '/oauth2/default/v1/interact',
      form({
        client_id: portalApp(h.config).clientId,
        scope: ALL_SCOPES.join(' '),
        redirect_uri: REDIRECT_URI,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'step-up',
        ...(maxAge !== undefined ? { max_age: String(maxAge) } : {}),
      }),
    );
    expect(interact.status).toBe(200);
    const { interaction_handle } = (await interact.json()) as { interaction_handle: string };
    const start = (await (await h.app.request('/idp/idx/introspect', json({ interactionHandle: interaction_handle }))).json()) as Json;
    const identify = await h.app.request('/idp/idx/identify', {
      ...json({ identifier: user.profile.login, stateHandle: start.stateHandle }),
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
    });
    return { doc: (await identify.json()) as Json, verifier };
  }

  it('a sign-in with max_age asks for the password again, and its token makes the change', async () => {
    const user = await makeUser(h);
    const first = await signedIn(user);
    const totp = await seedTotp(user);
    const otpId = ((await (await call('/authenticators', first.accessToken)).json()) as Json[]).find((a) => a.key === 'google_otp')
      ?.id as string;
    const removal = (token: string) => call(`/authenticators/${otpId}/enrollments/${totp}`, token, { method: 'DELETE' });
    h.clock.advance(20 * 60);
    const refused = await removal(first.accessToken);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('max_age=900');

    // With max_age the 20-minute-old org session doesn't stand in for the sign-in: the password is asked…
    const again = await identifyWith(user, first.cookie, 900);
    expect(again.doc.successWithInteractionCode).toBeUndefined();
    expect(again.doc.currentAuthenticatorEnrollment?.value.key).toBe('okta_password');
    // …where without it the same session does (that sign-in completes at once, and rotates the cookie).
    const continued = await identifyWith(user, first.cookie);
    expect(continued.doc.successWithInteractionCode).toBeDefined();
    const password = await remediate(h, again.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    // The second factor: the emailed code (the user has the seeded TOTP too, so first the choice).
    const chosen = await remediate(h, password.doc, 'select-authenticator-authenticate', { authenticator: { id: EMAIL_AUTHENTICATOR_ID } });
    const done = await passMfa(h, chosen.doc);
    const code = (done.doc.successWithInteractionCode.value as Json[]).find((f) => f.name === 'interaction_code')?.value as string;
    const { body } = await exchange(h, code, again.verifier);
    expect((await removal(String(body.access_token))).status).toBe(204);
  });

  it('refuses a max_age that is not whole seconds', async () => {
    const res = await h.app.request(
      '/oauth2/default/v1/interact',
      form({
        client_id: portalApp(h.config).clientId,
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        state: 's',
        max_age: '-1',
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: "The authentication request has an invalid 'max_age' parameter.",
    });
  });
});
