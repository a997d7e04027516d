/**
 * The web app with the real @okta/oidc-middleware against a real devorg on an ephemeral port, over HTTP:
 * what the middleware sends the browser to, what the app answers around it, and the start-up secret check.
 * The sign-in itself (the hosted page, the code exchange, sign-out) is e2e/web-app.spec.ts's, in a browser.
 *
 * One ExpressOIDC per process: the middleware registers its passport strategy globally.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import oidcMiddleware from '@okta/oidc-middleware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, WEB_APP_CLIENT_ID } from '../devorg/config';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';
import { CALLBACK_PATH, createWebApp, FAILURE_PATH, OIDC_SESSION_KEY } from './app';
import { loadWebConfig, type WebConfig } from './config';
import { checkClientSecret } from './secret-check';

const SECRET = 'web-test-client-secret-0123456789';
const logged: string[] = [];
let org: ListeningOrg;
let server: Server;
let base: string;
let config: WebConfig;

beforeAll(async () => {
  const apps = defaultConfig().apps.map((a) =>
    a.clientId === WEB_APP_CLIENT_ID ? { ...a, clientSecret: SECRET, redirectUris: ['http://localhost:1/authorization-code/callback'] } : a,
  );
  org = await startListeningOrg({ config: { apps } });
  // The app's base URL is only a name here (the org is never followed back to it): requests go to `base`.
  config = loadWebConfig({
    WEB_OKTA_ISSUER: org.issuer,
    WEB_OKTA_CLIENT_SECRET: SECRET,
    WEB_APP_BASE_URL: 'http://localhost:1',
    WEB_PORT: '0',
  });
  const oidc = new oidcMiddleware.ExpressOIDC({
    issuer: config.issuer,
    client_id: config.clientId,
    client_secret: config.clientSecret,
    appBaseUrl: config.appBaseUrl,
    scope: 'openid profile email',
    sessionKey: OIDC_SESSION_KEY,
    routes: { loginCallback: { failureRedirect: FAILURE_PATH } },
    testing: { disableHttpsCheck: true },
  });
  await once(oidc, 'ready');
  server = createWebApp(config, oidc, { log: (line) => logged.push(line) }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await org?.stop();
});

const html = { accept: 'text/html' };

/** GET /login: the redirect to the org and the session cookie holding the pending sign-in. */
async function startSignIn(): Promise<{ authorize: URL; cookie: string }> {
  const res = await fetch(`${base}/login`, { redirect: 'manual', headers: html });
  expect(res.status).toBe(302);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { authorize: new URL(res.headers.get('location') ?? ''), cookie };
}

describe('the web app around @okta/oidc-middleware', () => {
  it('sends /login to the org’s /v1/authorize as a confidential client: code flow, state, no PKCE', async () => {
    const { authorize, cookie } = await startSignIn();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${org.issuer}/v1/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: WEB_APP_CLIENT_ID,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: `http://localhost:1${CALLBACK_PATH}`,
    });
    expect(authorize.searchParams.get('state')).toMatch(/.{20,}/);
    expect(authorize.searchParams.has('code_challenge')).toBe(false);
    expect(cookie).toMatch(/^web\.sid=/);
  });

  it('marks its session cookie HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${base}/login`, { redirect: 'manual', headers: html });
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax$/);
  });

  it('sends a signed-out visitor of /profile to sign in', async () => {
    const res = await fetch(`${base}/profile`, { redirect: 'manual', headers: html });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost:1/login');
  });

  it('answers every page with its security headers: no script at all, forms only to itself and the org', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${new URL(org.issuer).origin}; frame-ancestors 'none'; base-uri 'none'`,
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(await res.text()).toContain('<a href="/login">Sign in</a>');
  });

  it('shows the org’s error sent back for a sign-in this session started, escaped', async () => {
    const { authorize, cookie } = await startSignIn();
    const query = new URLSearchParams({
      error: 'access_denied',
      error_description: 'User is not assigned to the client application. <b>',
      state: authorize.searchParams.get('state') ?? '',
    });
    const res = await fetch(`${base}${CALLBACK_PATH}?${query}`, { headers: { ...html, cookie } });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Sign-in failed: User is not assigned to the client application. &lt;b&gt; (access_denied).');
    expect(page).not.toContain('<b>');
  });

  it('does not take an error from a callback whose state is not this session’s: the middleware refuses it', async () => {
    const { cookie } = await startSignIn();
    const res = await fetch(`${base}${CALLBACK_PATH}?error=access_denied&error_description=Call+555&state=forged`, {
      redirect: 'manual',
      headers: { ...html, cookie },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(FAILURE_PATH);
    const failure = await (await fetch(`${base}${FAILURE_PATH}`)).text();
    expect(failure).toContain('Sign-in failed: the answer from the org could not be verified.');
    expect(failure).not.toContain('555');
  });

  it('answers a callback with no sign-in pending with a page, never a stack trace', async () => {
    const res = await fetch(`${base}${CALLBACK_PATH}?code=abc&state=def`, { headers: html });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Sign-in did not complete');
    expect(page).not.toMatch(/\bat .+\.(js|ts):\d+/);
    expect(logged).toContain('web: sign-in callback without a pending sign-in in this session');
  });

  it('refuses a POST from another origin (the other localhost ports are same-site)', async () => {
    const res = await fetch(`${base}/logout`, { method: 'POST', headers: { origin: 'http://localhost:8080' } });
    expect(res.status).toBe(403);
  });
});

describe('the start-up check of the client secret', () => {
  it('is accepted when the org accepts it, refused with invalid_client when it is wrong', async () => {
    expect(await checkClientSecret(org.issuer, WEB_APP_CLIENT_ID, SECRET)).toEqual({ kind: 'accepted' });
    expect(await checkClientSecret(org.issuer, WEB_APP_CLIENT_ID, `${SECRET}-wrong`)).toEqual({ kind: 'refused' });
  });

  it('says why it could not tell when the org is not there', async () => {
    const verdict = await checkClientSecret('http://127.0.0.1:1/oauth2/default', WEB_APP_CLIENT_ID, SECRET, 2_000);
    expect(verdict.kind).toBe('unknown');
  });
});
