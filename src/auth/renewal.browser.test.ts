/**
 * The portal's renewal with the real auth-js client (createAuthClient, started by the session) and
 * the org answering through a stubbed fetch: what auth-js itself does with the tokens on each kind of
 * failure is what is under test here. renewal.unit.test.ts pins the back-off schedule.
 */
import type { Tokens } from '@okta/okta-auth-js/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalConfig } from '../config';
import { sessionFor, signedInSnapshot } from '../testing/fixtures';
import { createAuthClient } from './auth';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  tokenStorage: 'memory',
  signIn: 'embedded',
};
const TOKEN_URL = `${config.issuer}/v1/token`;

/** A signed-in token set whose access and ID tokens expire `inSeconds` from now, with a refresh token. */
function storedSession(inSeconds: number) {
  const { idToken, accessToken } = signedInSnapshot();
  const expiresAt = Math.floor(Date.now() / 1000) + inSeconds;
  return {
    idToken: { ...idToken, expiresAt },
    accessToken: { ...accessToken, expiresAt },
    refreshToken: {
      refreshToken: 'rt.stored',
      expiresAt,
      scopes: ['openid', 'offline_access'],
      tokenUrl: TOKEN_URL,
      authorizeUrl: `${config.issuer}/v1/authorize`,
      issuer: config.issuer,
    },
  };
}

/** The org as fetch sees it; counts the token requests. */
function orgAnswers(answer: () => Promise<Response>) {
  return vi.spyOn(window, 'fetch').mockImplementation((input) => {
    const url = input instanceof Request ? input.url : input.toString();
    expect(url).toBe(TOKEN_URL);
    return answer();
  });
}
const tokenRequests = (fetch: ReturnType<typeof orgAnswers>) => fetch.mock.calls.length;

/** The portal as main.ts boots it with those tokens stored. */
async function bootWith(tokens: Tokens) {
  const authClient = createAuthClient(config);
  authClient.tokenManager.setTokens(tokens);
  const session = sessionFor(config, authClient);
  await session.client();
  return { authClient, session, renewer: await session.renewer() };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  // auth-js caches the (mocked) discovery in localStorage, which every browser test file shares: left
  // there, it would let another file's real redirect sign-in build its URL and navigate its frame away.
  localStorage.removeItem('okta-cache-storage');
});

describe('renewing with auth-js while the org is unreachable', () => {
  it('keeps expired tokens, signed in, and sends one request per back-off step (no loop)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fetch = orgAnswers(() => Promise.reject(new TypeError('Failed to fetch')));
    const tokens = storedSession(-60);
    const { authClient, renewer } = await bootWith(tokens);

    // start(): the expiry timers of the expired tokens fire at once.
    await vi.advanceTimersByTimeAsync(0);
    expect(renewer.status).toEqual({ state: 'unreachable', failures: 1, retryAt: Date.now() + 5_000 });
    expect(tokenRequests(fetch)).toBe(1);
    // The auth state is evaluated again and again (every tokenManager event, other tabs): no renewal from it.
    for (let i = 0; i < 5; i++) await authClient.authStateManager.updateAuthState();
    expect(await authClient.isAuthenticated()).toBe(false); // auth-js's own view of expired tokens
    expect(authClient.authStateManager.getAuthState()?.isAuthenticated).toBe(true);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(tokenRequests(fetch)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tokenRequests(fetch)).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tokenRequests(fetch)).toBe(3);

    expect(authClient.tokenManager.getTokensSync()).toEqual(tokens);
    renewer.stop();
  });

  it('keeps the tokens on a 503 and a 429 too', async () => {
    const tokens = storedSession(3600);
    const { authClient, renewer } = await bootWith(tokens);
    orgAnswers(() =>
      Promise.resolve(Response.json({ error: 'temporarily_unavailable', error_description: 'Down for maintenance.' }, { status: 503 })),
    );
    expect(await renewer.renewNow()).toBe('unreachable');
    vi.restoreAllMocks();
    orgAnswers(() =>
      Promise.resolve(
        Response.json({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, { status: 429 }),
      ),
    );
    expect(await renewer.renewNow()).toBe('unreachable');
    expect(authClient.tokenManager.getTokensSync()).toEqual(tokens);
    renewer.stop();
  });

  it('(refusal) ends the session when the org rejects the refresh token', async () => {
    const { authClient, renewer } = await bootWith(storedSession(3600));
    orgAnswers(() =>
      Promise.resolve(
        Response.json({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' }, { status: 400 }),
      ),
    );
    expect(await renewer.renewNow()).toBe('refused');
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
    await vi.waitFor(() => expect(authClient.authStateManager.getAuthState()?.isAuthenticated).toBe(false));
    renewer.stop();
  });
});

describe('renewing with auth-js without a refresh token (no offline_access)', () => {
  /** The org's discovery, which auth-js reads before any authorize request (PKCE method). */
  function discoveryOnly() {
    return vi.spyOn(window, 'fetch').mockImplementation((input) => {
      const url = input instanceof Request ? input.url : input.toString();
      expect(url).toBe(`${config.issuer}/.well-known/openid-configuration`);
      return Promise.resolve(Response.json({ issuer: config.issuer, code_challenge_methods_supported: ['S256'] }));
    });
  }

  /** The hidden iframe auth-js loads /v1/authorize in, once it is there. */
  async function renewalFrame(): Promise<URL> {
    let src = '';
    await vi.waitFor(() => {
      src = document.querySelector<HTMLIFrameElement>('iframe')?.src ?? '';
      expect(src).not.toBe('');
    });
    return new URL(src);
  }

  it('asks the org in a hidden iframe with prompt=none, and ends the session on login_required', async () => {
    discoveryOnly();
    const { refreshToken: _none, ...tokens } = storedSession(3600);
    const { authClient, renewer } = await bootWith(tokens);
    const outcome = renewer.renewNow();

    const frame = await renewalFrame();
    expect(`${frame.origin}${frame.pathname}`).toBe(`${config.issuer}/v1/authorize`);
    expect(Object.fromEntries(frame.searchParams)).toMatchObject({
      prompt: 'none',
      response_mode: 'okta_post_message',
      response_type: 'code',
      code_challenge_method: 'S256',
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
    });
    // What the org's page posts to the portal when its session is gone (from the issuer's origin).
    const data = {
      error: 'login_required',
      error_description: 'The client specified not to prompt, but the user is not logged in.',
      state: frame.searchParams.get('state'),
    };
    window.dispatchEvent(new MessageEvent('message', { data, origin: new URL(config.issuer).origin }));

    expect(await outcome).toBe('refused');
    expect(authClient.tokenManager.getTokensSync()).toEqual({});
    expect(document.querySelector('iframe')).toBeNull();
    renewer.stop();
  });

  it('keeps the tokens when the org never answers (its page did not load), and retries', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    discoveryOnly();
    const { refreshToken: _none, ...tokens } = storedSession(3600);
    const { authClient, renewer } = await bootWith(tokens);
    const outcome = renewer.renewNow();
    await renewalFrame();
    // A message for another request, or from another origin, changes nothing.
    window.dispatchEvent(new MessageEvent('message', { data: { code: 'x', state: 'not-ours' }, origin: new URL(config.issuer).origin }));

    await vi.advanceTimersByTimeAsync(15_000);
    expect(await outcome).toBe('unreachable');
    expect(renewer.status).toMatchObject({ state: 'unreachable', failures: 1 });
    expect(authClient.tokenManager.getTokensSync()).toEqual(tokens);
    renewer.stop();
  });
});
