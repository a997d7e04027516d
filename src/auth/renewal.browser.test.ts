/**
 * The portal's renewal with the real auth-js client (createAuthClient, started by the session) and
 * the org answering through a stubbed fetch: what auth-js itself does with the tokens on each kind of
 * failure is what is under test here. renewal.unit.test.ts pins the back-off schedule.
 */
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
async function bootWith(tokens: ReturnType<typeof storedSession>) {
  const authClient = createAuthClient(config);
  authClient.tokenManager.setTokens(tokens);
  const session = sessionFor(config, authClient);
  await session.client();
  return { authClient, session, renewer: await session.renewer() };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
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
