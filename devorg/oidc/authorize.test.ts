/**
 * `/v1/authorize`, the Okta-hosted sign-in and the `authorization_code` grant: every parameter check
 * (shown on the error page while the client or redirect URI is bad, sent back to the client after),
 * the org session (a code at once; `prompt`, `max_age`), the response modes' pages and their CSP, and
 * the code's single use, binding and PKCE at the token endpoint.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../config';
import { SESSION_COOKIE } from '../sessions';
import { form, json, makeUser, pkce, PORTAL, REDIRECT_URI, startHarness, PASSWORD, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const AUTHORIZE = '/oauth2/default/v1/authorize';

interface Request {
  params: Record<string, string>;
  verifier: string;
}

/** A good authorization request for the portal app; `overrides` replace or (with `undefined`) remove parameters. */
function request(overrides: Record<string, string | undefined> = {}): Request {
  const { verifier, challenge } = pkce();
  const base: Record<string, string | undefined> = {
    client_id: portalApp(h.config).clientId,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    redirect_uri: REDIRECT_URI,
    state: 'st-' + Math.random().toString(36).slice(2),
    nonce: 'n-' + Math.random().toString(36).slice(2),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const params = Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
  return { params, verifier };
}

async function get(path: string, cookie?: string): Promise<Response> {
  return h.app.request(path, cookie ? { headers: { Cookie: `${SESSION_COOKIE}=${cookie}` } } : {});
}

function authorizeGet(params: Record<string, string> | string, cookie?: string): Promise<Response> {
  return get(`${AUTHORIZE}?${typeof params === 'string' ? params : new URLSearchParams(params)}`, cookie);
}

/** The parameters a 302 to the redirect URI carries (query or fragment). */
function redirectedTo(res: Response, where: 'query' | 'fragment' = 'query'): URLSearchParams {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return where === 'query' ? location.searchParams : new URLSearchParams(location.hash.slice(1));
}

function sessionCookieOf(res: Response): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return line ? decodeURIComponent(line.split(';')[0]?.slice(SESSION_COOKIE.length + 1) ?? '') : undefined;
}

/** The JSON a page carries in `<script type="application/json" id=…>`. */
function jsonBlock(html: string, id: string): Record<string, unknown> {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  if (!match?.[1]) throw new Error(`no ${id} block in ${html.slice(0, 400)}`);
  return JSON.parse(match[1]) as Record<string, unknown>;
}

async function idx(path: string, body: Record<string, unknown>, cookie?: string) {
  const init = json(body);
  if (cookie) init.headers = { ...(init.headers as Record<string, string>), Cookie: `${SESSION_COOKIE}=${cookie}` };
  const res = await h.app.request(path, init);
  return { res, doc: (await res.json()) as IdxDoc };
}

const remediationNames = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

/**
 * The hosted page's sign-in, as its widget does it: introspect the page's state token, identify, the
 * password; then the browser follows `success.href`. Returns that last response (the redirect to the client).
 */
async function hostedSignIn(page: Response, login: string, cookie?: string) {
  expect(page.status).toBe(200);
  const { stateToken } = jsonBlock(await page.text(), 'okta-hosted-config') as { stateToken: string };
  const introspected = await idx('/idp/idx/introspect', { stateToken }, cookie);
  expect(remediationNames(introspected.doc)).toContain('identify');
  const identified = await idx('/idp/idx/identify', { identifier: login, stateHandle: stateToken }, cookie);
  let done = identified;
  if (!identified.doc.success) {
    expect(remediationNames(identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    done = await idx('/idp/idx/challenge/answer', { credentials: { passcode: PASSWORD }, stateHandle: stateToken }, cookie);
  }
  expect(done.doc.successWithInteractionCode).toBeUndefined();
  expect(done.doc.success?.name).toBe('success-redirect');
  const href = new URL(done.doc.success.href as string);
  expect(href.pathname).toBe('/login/token/redirect');
  const session = sessionCookieOf(done.res) ?? cookie;
  const back = await get(`${href.pathname}${href.search}`, session);
  return { back, session: session ?? '', href: `${href.pathname}${href.search}`, identified };
}

async function redeem(code: string, verifier: string | undefined, extra: Record<string, string> = {}) {
  const res = await h.app.request(
    '/oauth2/default/v1/token',
    form({
      client_id: portalApp(h.config).clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'authorization_code',
      code,
      ...(verifier ? { code_verifier: verifier } : {}),
      ...extra,
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** A user signed in on the hosted page: their session cookie, and the code and request of that sign-in. */
async function signedIn(overrides: Record<string, string | undefined> = {}) {
  const user = await makeUser(h);
  const req = request(overrides);
  const { back, session } = await hostedSignIn(await authorizeGet(req.params), user.profile.login);
  const params = redirectedTo(back);
  return { user, req, session, code: params.get('code') ?? '', state: params.get('state') };
}

describe('/v1/authorize: a bad client or redirect URI is shown, never redirected', () => {
  const cases: [string, Record<string, string | undefined> | string, string][] = [
    ['no client_id', { client_id: undefined }, "The 'client_id' parameter is required."],
    ['an unknown client_id', { client_id: '0oaunknownclient0000' }, "Invalid value for 'client_id' parameter."],
    ['no redirect_uri', { redirect_uri: undefined }, 'must be a Login redirect URI'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 'must be a Login redirect URI'],
    ['a redirect_uri that only starts like a registered one', { redirect_uri: `${REDIRECT_URI}/x` }, 'must be a Login redirect URI'],
    ['a registered redirect_uri with a different case', { redirect_uri: REDIRECT_URI.toUpperCase() }, 'must be a Login redirect URI'],
  ];
  for (const [what, overrides, description] of cases) {
    it(`answers ${what} with Okta's 400 page`, async () => {
      const res = await authorizeGet(request(typeof overrides === 'string' ? {} : overrides).params);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain('400 Bad Request');
      expect(html).toContain(description.replace(/'/g, '&#39;'));
    });
  }

  it('names nothing about the org’s apps for an unknown client id', async () => {
    const html = await (await authorizeGet(request({ client_id: 'nope' }).params)).text();
    expect(html).not.toContain(portalApp(h.config).clientId);
    expect(html).not.toContain(portalApp(h.config).label);
    expect(html).not.toContain(REDIRECT_URI);
  });

  it('refuses a client_id or redirect_uri given twice on the page', async () => {
    const { params } = request();
    const twice = new URLSearchParams(params);
    twice.append('redirect_uri', 'https://evil.example/cb');
    expect((await authorizeGet(twice.toString())).status).toBe(400);
    const twiceClient = new URLSearchParams(params);
    twiceClient.append('client_id', params.client_id ?? '');
    expect((await authorizeGet(twiceClient.toString())).status).toBe(400);
  });

  it('escapes what the request said on the page', async () => {
    const html = await (await authorizeGet(request({ client_id: '<script>alert(1)</script>' }).params)).text();
    expect(html).not.toContain('<script>alert');
  });
});

describe('/v1/authorize: other errors go back to the client as Okta sends them', () => {
  const cases: [string, Record<string, string | undefined>, string, string | RegExp][] = [
    ['no response_type', { response_type: undefined }, 'invalid_request', "The 'response_type' parameter is required."],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', /Configured response types: \[code\]/],
    ['response_type=code id_token', { response_type: 'code id_token' }, 'unsupported_response_type', /not supported/],
    ['an unknown response_mode', { response_mode: 'web_message' }, 'unsupported_response_mode', /Supported response modes/],
    ['an unknown scope', { scope: 'openid admin' }, 'invalid_scope', /Unsupported scopes: admin/],
    ['no scope', { scope: undefined }, 'invalid_scope', /'scope' must be provided/],
    ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request', "PKCE code challenge method must be 'S256'."],
    ['a malformed code_challenge', { code_challenge: 'short' }, 'invalid_request', /PKCE code challenge/],
    [
      'no code_challenge from a public client',
      { code_challenge: undefined, code_challenge_method: undefined },
      'invalid_request',
      /PKCE code challenge is required/,
    ],
    ['a method without a challenge', { code_challenge: undefined }, 'invalid_request', /'code_challenge' parameter is required/],
    ['prompt=consent', { prompt: 'consent' }, 'invalid_request', /invalid 'prompt' parameter/],
    ['prompt=none login', { prompt: 'none login' }, 'invalid_request', /invalid 'prompt' parameter/],
    ['max_age=-1', { max_age: '-1' }, 'invalid_request', /invalid 'max_age' parameter/],
    ['max_age=soon', { max_age: 'soon' }, 'invalid_request', /invalid 'max_age' parameter/],
    ['a request object', { request: 'eyJ.x.y' }, 'request_not_supported', /not supported/],
    ['a request_uri', { request_uri: 'https://x.example/r' }, 'request_uri_not_supported', /not supported/],
  ];
  for (const [what, overrides, error, description] of cases) {
    it(`answers ${what} with ${error}, echoing state`, async () => {
      const req = request(overrides);
      const params = redirectedTo(await authorizeGet(req.params));
      expect(params.get('error')).toBe(error);
      expect(params.get('error_description')).toMatch(description);
      expect(params.get('state')).toBe(req.params.state);
      expect(params.get('code')).toBeNull();
    });
  }

  it('answers a missing state with invalid_request and no state', async () => {
    const params = redirectedTo(await authorizeGet(request({ state: undefined }).params));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toBe("The authentication request has an invalid 'state' parameter.");
    expect(params.has('state')).toBe(false);
  });

  it('refuses any other parameter given twice', async () => {
    const twice = new URLSearchParams(request().params);
    twice.append('scope', 'openid');
    const params = redirectedTo(await authorizeGet(twice.toString()));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toBe("The 'scope' parameter was given more than once.");
  });

  it('sends errors in the fragment with response_mode=fragment', async () => {
    const req = request({ response_mode: 'fragment', scope: 'nope' });
    const params = redirectedTo(await authorizeGet(req.params), 'fragment');
    expect(params.get('error')).toBe('invalid_scope');
    expect(params.get('state')).toBe(req.params.state);
  });

  it('answers prompt=none without a session with login_required', async () => {
    const req = request({ prompt: 'none' });
    const params = redirectedTo(await authorizeGet(req.params));
    expect(params.get('error')).toBe('login_required');
    expect(params.get('error_description')).toBe('The client specified not to prompt, but the user is not logged in.');
    expect(params.get('state')).toBe(req.params.state);
  });

  it('ignores a cookie that names no session', async () => {
    const params = redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, 'not-a-session'));
    expect(params.get('error')).toBe('login_required');
  });
});

describe('the Okta-hosted sign-in page', () => {
  it('runs the real widget from devorg under a strict CSP, booted with the transaction authorize started', async () => {
    const res = await authorizeGet(request({ login_hint: 'someone@example.test' }).params);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:\/\/(?!localhost:8080)/);
    expect(csp).toContain("form-action 'self' http://localhost:8080");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toContain('<script src="/login/assets/widget/js/okta-sign-in.oie.min.js" defer></script>');
    expect(html).toContain('<script src="/login/assets/sign-in.js" defer></script>');
    // No inline script: every <script> either has a src or is a JSON data block.
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src=|type="application\/json"/);
    const config = jsonBlock(html, 'okta-hosted-config');
    expect(config).toMatchObject({ baseUrl: h.config.publicOrigin, username: 'someone@example.test' });
    // "Back to sign in" (an expired transaction) is this same request, which starts afresh.
    expect(new URL(config.backToSignInLink as string).pathname).toBe(AUTHORIZE);
    expect(new URL(config.backToSignInLink as string).searchParams.get('login_hint')).toBe('someone@example.test');
    const introspected = await idx('/idp/idx/introspect', { stateToken: config.stateToken });
    expect(introspected.res.status).toBe(200);
    expect(remediationNames(introspected.doc)).toContain('identify');
  });

  it('serves its scripts and the widget’s files itself, and nothing else', async () => {
    for (const path of ['/login/assets/sign-in.js', '/login/assets/form-post.js', '/login/assets/post-message.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await res.text()).length).toBeGreaterThan(20);
    }
    const widget = await get('/login/assets/widget/js/okta-sign-in.oie.min.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await get('/login/assets/widget/css/okta-sign-in.min.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await get('/login/assets/widget/font/okticon.woff')).status).toBe(200);
    for (const path of [
      'js/okta-sign-in.js',
      'font/../../package.json',
      'font/..%2F..%2Fpackage.json',
      'font/missing.woff',
      'labels/json/x.txt',
    ]) {
      expect((await get(`/login/assets/widget/${path}`)).status, path).toBe(404);
    }
  });

  it('ends with the code on the redirect URI; the code redeems once, with PKCE, for tokens of that sign-in', async () => {
    const { user, req, session, code, state } = await signedIn();
    expect(session).not.toBe('');
    expect(state).toBe(req.params.state);
    const tokens = await redeem(code, req.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).not.toHaveProperty('state');
    expect(tokens.body).not.toHaveProperty('code');
    expect(tokens.body.refresh_token).toBeTruthy();
    const claims = decodeJwt(tokens.body.id_token ?? '');
    expect(claims).toMatchObject({ sub: user.id, aud: portalApp(h.config).clientId, nonce: req.params.nonce, amr: ['pwd'] });
    expect(claims.auth_time).toBe(Math.floor(h.clock.now() / 1000));
  });

  it('sends the widget to /login/token/redirect once: a second visit is an error page', async () => {
    const user = await makeUser(h);
    const { back, href, session } = await hostedSignIn(await authorizeGet(request().params), user.profile.login);
    expect(back.status).toBe(302);
    const again = await get(href, session);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already been used');
    expect((await get('/login/token/redirect?stateToken=02nope')).status).toBe(400);
    expect((await get('/login/token/redirect?stateToken=02nope', session)).status).toBe(400);
    expect((await get('/login/token/redirect')).status).toBe(400);
  });

  it('refuses /login/token/redirect to a browser without the session of the sign-in', async () => {
    const user = await makeUser(h);
    const other = await signedIn();
    const page = await authorizeGet(request().params);
    const { stateToken } = jsonBlock(await page.text(), 'okta-hosted-config') as { stateToken: string };
    await idx('/idp/idx/identify', { identifier: user.profile.login, stateHandle: stateToken });
    const done = await idx('/idp/idx/challenge/answer', { credentials: { passcode: PASSWORD }, stateHandle: stateToken });
    const href = new URL(done.doc.success.href as string);
    const path = `${href.pathname}${href.search}`;
    expect((await get(path)).status).toBe(400);
    // Someone else's session is no better.
    const res = await get(path, other.session);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('another browser');
    // The sign-in's own browser still gets its code.
    expect((await get(path, sessionCookieOf(done.res))).status).toBe(302);
  });

  it('refuses /login/token/redirect before the sign-in has finished', async () => {
    const html = await (await authorizeGet(request().params)).text();
    const { stateToken } = jsonBlock(html, 'okta-hosted-config') as { stateToken: string };
    expect((await get(`/login/token/redirect?stateToken=${encodeURIComponent(stateToken)}`)).status).toBe(400);
  });

  it('answers in form_post with a self-submitting form under a CSP without inline script', async () => {
    const user = await makeUser(h);
    const req = request({ response_mode: 'form_post' });
    const { back } = await hostedSignIn(await authorizeGet(req.params), user.profile.login);
    expect(back.status).toBe(200);
    const csp = back.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('form-action http://localhost:8080');
    expect(csp).not.toMatch(/unsafe/);
    const html = await back.text();
    expect(html).toContain(`<form method="post" action="${REDIRECT_URI}" id="okta-form-post">`);
    expect(html).toContain(`<input type="hidden" name="state" value="${req.params.state}">`);
    expect(html).toContain('<script src="/login/assets/form-post.js" defer></script>');
    const code = /name="code" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect((await redeem(code, req.verifier)).status).toBe(200);
  });

  it('answers in the fragment with response_mode=fragment', async () => {
    const user = await makeUser(h);
    const req = request({ response_mode: 'fragment' });
    const { back } = await hostedSignIn(await authorizeGet(req.params), user.profile.login);
    const params = redirectedTo(back, 'fragment');
    expect(params.get('state')).toBe(req.params.state);
    expect((await redeem(params.get('code') ?? '', req.verifier)).status).toBe(200);
  });
});

describe('/v1/authorize with an org session', () => {
  it('redirects at once with a code whose tokens carry the session’s amr and auth_time', async () => {
    const { session } = await signedIn();
    const signedInAt = Math.floor(h.clock.now() / 1000);
    h.clock.advance(30);
    const req = request();
    const params = redirectedTo(await authorizeGet(req.params, session));
    expect(params.get('state')).toBe(req.params.state);
    const tokens = await redeem(params.get('code') ?? '', req.verifier);
    expect(tokens.status).toBe(200);
    const claims = decodeJwt(tokens.body.id_token ?? '');
    expect(claims).toMatchObject({ amr: ['pwd'], auth_time: signedInAt, nonce: req.params.nonce });
  });

  it('counts as activity: a session used here stays alive past the idle limit it would otherwise have reached', async () => {
    const { session } = await signedIn();
    const idle = h.config.session.maxIdleMinutes * 60;
    h.clock.advance(idle - 60);
    expect(redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, session)).get('code')).toBeTruthy();
    // Past the first idle deadline, within the one the use above set.
    h.clock.advance(idle - 60);
    expect(redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, session)).get('code')).toBeTruthy();
    // Left alone for the whole idle time, it ends.
    h.clock.advance(idle + 1);
    expect(redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, session)).get('error')).toBe('login_required');
  });

  it('answers prompt=none with a code', async () => {
    const { session } = await signedIn();
    const params = redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, session));
    expect(params.get('code')).toBeTruthy();
  });

  it('posts the code to the parent with okta_post_message, for the redirect URI’s origin only', async () => {
    const { session } = await signedIn();
    const req = request({ prompt: 'none', response_mode: 'okta_post_message' });
    const res = await authorizeGet(req.params, session);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors http://localhost:8080');
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<script src="/login/assets/post-message.js" defer></script>');
    const message = jsonBlock(html, 'okta-post-message') as { targetOrigin: string; data: Record<string, string> };
    expect(message.targetOrigin).toBe(PORTAL);
    expect(Object.keys(message.data).sort()).toEqual(['code', 'state']);
    expect(message.data.state).toBe(req.params.state);
    expect((await redeem(message.data.code ?? '', req.verifier)).status).toBe(200);
  });

  it('posts login_required to the parent with okta_post_message when there is no session', async () => {
    const req = request({ prompt: 'none', response_mode: 'okta_post_message' });
    const message = jsonBlock(await (await authorizeGet(req.params)).text(), 'okta-post-message') as { data: Record<string, string> };
    expect(message.data).toEqual({
      error: 'login_required',
      error_description: 'The client specified not to prompt, but the user is not logged in.',
      state: req.params.state,
    });
  });

  it('shows the sign-in page with prompt=login, and asks for the password again', async () => {
    const { user, session } = await signedIn();
    const page = await authorizeGet(request({ prompt: 'login' }).params, session);
    expect(page.status).toBe(200);
    const { identified, back } = await hostedSignIn(page, user.profile.login, session);
    expect(remediationNames(identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    expect(back.status).toBe(302);
  });

  it('treats a session older than max_age as none', async () => {
    const { user, session } = await signedIn();
    h.clock.advance(120);
    expect(redirectedTo(await authorizeGet(request({ max_age: '300' }).params, session)).get('code')).toBeTruthy();
    const none = redirectedTo(await authorizeGet(request({ max_age: '60', prompt: 'none' }).params, session));
    expect(none.get('error')).toBe('login_required');
    const page = await authorizeGet(request({ max_age: '60' }).params, session);
    const { identified } = await hostedSignIn(page, user.profile.login, session);
    // The session doesn't stand in for the password inside the hosted sign-in either.
    expect(remediationNames(identified.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    // max_age=0: always sign in again.
    expect(redirectedTo(await authorizeGet(request({ max_age: '0', prompt: 'none' }).params, session)).get('error')).toBe('login_required');
  });

  it('stops counting a session whose user was deactivated', async () => {
    const { user, session } = await signedIn();
    const res = await h.app.request(`/api/v1/users/${user.id}/lifecycle/deactivate`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${h.config.apiTokens[0] ?? ''}` },
    });
    expect(res.status).toBe(200);
    expect(redirectedTo(await authorizeGet(request({ prompt: 'none' }).params, session)).get('error')).toBe('login_required');
  });
});

describe('grant_type=authorization_code', () => {
  it('revokes what a code issued when it is replayed', async () => {
    const { req, code } = await signedIn();
    const first = await redeem(code, req.verifier);
    expect(first.status).toBe(200);
    const replay = await redeem(code, req.verifier);
    expect(replay).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' },
    });
    const userinfo = await h.app.request('/oauth2/default/v1/userinfo', {
      headers: { Authorization: `Bearer ${first.body.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    const refreshed = await h.app.request(
      '/oauth2/default/v1/token',
      form({ client_id: portalApp(h.config).clientId, grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' }),
    );
    expect(refreshed.status).toBe(400);
  });

  it('refuses a wrong PKCE verifier, and a missing one', async () => {
    const { code } = await signedIn();
    expect((await redeem(code, pkce().verifier)).body).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
    const other = await signedIn();
    expect((await redeem(other.code, undefined)).body).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE code verifier is required when the code challenge is present.',
    });
    // A verifier that isn't one is refused before the code is spent.
    const third = await signedIn();
    expect((await redeem(third.code, 'short')).body.error).toBe('invalid_request');
    expect((await redeem(third.code, third.req.verifier)).status).toBe(200);
  });

  it('refuses a redirect URI other than the request’s', async () => {
    const { req, code } = await signedIn();
    const res = await redeem(code, req.verifier, { redirect_uri: `${PORTAL}/other` });
    expect(res.body.error).toBe('invalid_grant');
    expect(res.body.error_description).toMatch(/redirect_uri/);
    const missing = await h.app.request(
      '/oauth2/default/v1/token',
      form({ client_id: portalApp(h.config).clientId, grant_type: 'authorization_code', code, code_verifier: req.verifier }),
    );
    expect(missing.status).toBe(400);
  });

  it('refuses a code after its 60 seconds', async () => {
    const { req, code } = await signedIn();
    h.clock.advance(61);
    expect((await redeem(code, req.verifier)).body.error).toBe('invalid_grant');
  });

  it('refuses a missing code', async () => {
    const res = await h.app.request(
      '/oauth2/default/v1/token',
      form({ client_id: portalApp(h.config).clientId, grant_type: 'authorization_code' }),
    );
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: "The 'code' parameter is required." });
  });

  it('keeps the two kinds of code apart: an authorization code is no interaction code', async () => {
    const { req, code } = await signedIn();
    const asInteraction = await h.app.request(
      '/oauth2/default/v1/token',
      form({
        client_id: portalApp(h.config).clientId,
        redirect_uri: REDIRECT_URI,
        grant_type: 'interaction_code',
        interaction_code: code,
        code_verifier: req.verifier,
      }),
    );
    expect(asInteraction.status).toBe(400);
    expect((await redeem(code, req.verifier)).status).toBe(200);
  });

  it('issues no refresh token without offline_access', async () => {
    const { req, code } = await signedIn({ scope: 'openid profile' });
    const tokens = await redeem(code, req.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toBeUndefined();
  });
});

describe('discovery', () => {
  it('lists what /v1/authorize serves', async () => {
    const doc = (await (await get('/oauth2/default/.well-known/openid-configuration')).json()) as Record<string, unknown>;
    expect(doc.authorization_endpoint).toBe(`${h.ctx.issuer}/v1/authorize`);
    expect(doc.response_types_supported).toEqual(['code']);
    expect(doc.response_modes_supported).toEqual(['query', 'fragment', 'form_post', 'okta_post_message']);
    expect(doc.prompt_values_supported).toEqual(['none', 'login', 'enroll_authenticator']);
    expect(doc.grant_types_supported).toContain('authorization_code');
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.request_parameter_supported).toBe(false);
    expect(doc.request_uri_parameter_supported).toBe(false);
  });
});

describe('/v1/authorize per authorization server and app', () => {
  it('issues codes on the org authorization server that only its token endpoint redeems', async () => {
    const req = request();
    const page = await h.app.request(`/oauth2/v1/authorize?${new URLSearchParams(req.params)}`);
    const { back } = await hostedSignIn(page, (await makeUser(h)).profile.login);
    const code = redirectedTo(back).get('code') ?? '';
    const body = {
      client_id: portalApp(h.config).clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'authorization_code',
      code,
      code_verifier: req.verifier,
    };
    const res = await h.app.request('/oauth2/v1/token', form(body));
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Record<string, string>;
    expect(decodeJwt(tokens.id_token ?? '').iss).toBe(h.config.publicOrigin);
    // Another of its codes, taken to the custom server: refused (and spent).
    const other = request();
    const again = await h.app.request(`/oauth2/v1/authorize?${new URLSearchParams(other.params)}`);
    const { back: back2 } = await hostedSignIn(again, (await makeUser(h)).profile.login);
    const wrong = await redeem(redirectedTo(back2).get('code') ?? '', other.verifier);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  it('lets a confidential web app sign in without PKCE, authenticated by its secret; a stray verifier is refused', async () => {
    const portal = portalApp(h.config);
    const web = await startHarness({
      apps: [
        portal,
        {
          ...portal,
          clientId: '0oawebapp00000000001',
          label: 'Web',
          type: 'web',
          tokenEndpointAuthMethod: 'client_secret_basic',
          clientSecret: 'a-web-app-secret-of-some-length',
          grantTypes: ['authorization_code', 'refresh_token'],
        },
        { ...portal, clientId: '0oanocode00000000001', label: 'No code', grantTypes: ['interaction_code'], scopes: ['openid', 'profile'] },
      ],
    });
    try {
      const user = await makeUser(web);
      const query = new URLSearchParams({
        client_id: '0oawebapp00000000001',
        response_type: 'code',
        scope: 'openid profile',
        redirect_uri: REDIRECT_URI,
        state: 'st-web',
      });
      const page = await web.app.request(`${AUTHORIZE}?${query}`);
      expect(page.status).toBe(200);
      const { stateToken } = jsonBlock(await page.text(), 'okta-hosted-config') as { stateToken: string };
      const post = (path: string, body: Record<string, unknown>, cookie?: string) =>
        web.app.request(path, { ...json(body), ...(cookie ? { headers: { 'Content-Type': 'application/json', Cookie: cookie } } : {}) });
      await post('/idp/idx/identify', { identifier: user.profile.login, stateHandle: stateToken });
      const done = await post('/idp/idx/challenge/answer', { credentials: { passcode: PASSWORD }, stateHandle: stateToken });
      const doc = (await done.json()) as IdxDoc;
      const cookie = done.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const href = new URL(doc.success.href as string);
      const back = await web.app.request(`${href.pathname}${href.search}`, { headers: { Cookie: cookie } });
      const code = new URL(back.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const basic = `Basic ${Buffer.from('0oawebapp00000000001:a-web-app-secret-of-some-length').toString('base64')}`;
      const redeemWeb = (extra: Record<string, string> = {}) =>
        web.app.request('/oauth2/default/v1/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
          body: new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, code, ...extra }).toString(),
        });
      // A verifier for a code issued without a challenge: the request and the code don't belong together.
      expect(((await (await redeemWeb({ code_verifier: pkce().verifier })).json()) as Record<string, string>).error).toBe('invalid_grant');
      // The session's next code, redeemed as a web app does: the secret, no verifier.
      const again = await web.app.request(`${AUTHORIZE}?${query}`, { headers: { Cookie: cookie } });
      const next = new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const ok = await redeemWeb({ code: next });
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(((await ok.json()) as Record<string, string>).refresh_token).toBeUndefined();
      // Without the secret the same kind of request is not the web app.
      const stolen = await web.app.request(
        '/oauth2/default/v1/token',
        form({ client_id: '0oawebapp00000000001', grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, code: next }),
      );
      expect(stolen.status).toBe(401);
      // The app without the grant: unauthorized_client, sent back to the client.
      const refused = await web.app.request(
        `${AUTHORIZE}?${new URLSearchParams({ ...request().params, client_id: '0oanocode00000000001' })}`,
      );
      const params = redirectedTo(refused);
      expect(params.get('error')).toBe('unauthorized_client');
    } finally {
      web.close();
    }
  });
});
