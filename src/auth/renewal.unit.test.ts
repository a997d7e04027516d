import type { AccessToken, IDToken, RefreshToken, Token, Tokens } from '@okta/okta-auth-js';
import { AuthApiError, OAuthError } from '@okta/okta-auth-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthSdkError } from '@okta/okta-auth-js';
import { RENEWAL_BACKOFF, retryDelayMs, SILENT_RENEW_TIMEOUT_MS, TokenRenewer, type RenewableClient, type RenewalStatus } from './renewal';

const networkError = () => new AuthApiError({ errorSummary: 'Failed to fetch' });
const refusal = () => new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');

let serial = 0;
/** A token set like the one auth-js stores; each call a new one (new JWT strings). */
function tokenSet(expiresInSeconds = 3600): Required<Pick<Tokens, 'accessToken' | 'idToken' | 'refreshToken'>> {
  serial++;
  const expiresAt = Math.floor(Date.now() / 1000) + expiresInSeconds;
  const common = { scopes: ['openid', 'offline_access'], authorizeUrl: 'https://org.example/oauth2/default/v1/authorize' };
  const accessToken: AccessToken = {
    ...common,
    accessToken: `at.${serial}`,
    claims: { sub: '00u1' },
    expiresAt,
    tokenType: 'Bearer',
    userinfoUrl: '',
  };
  const idToken: IDToken = {
    ...common,
    idToken: `id.${serial}`,
    claims: { sub: '00u1' },
    expiresAt,
    issuer: 'https://org.example/oauth2/default',
    clientId: 'client',
  };
  const refreshToken: RefreshToken = {
    ...common,
    refreshToken: `rt.${serial}`,
    expiresAt,
    tokenUrl: 'https://org.example/oauth2/default/v1/token',
    issuer: 'https://org.example/oauth2/default',
  };
  return { accessToken, idToken, refreshToken };
}

type Handler = (key: string, token: Token) => void;

/** Just enough of OktaAuth: a tokenManager over a plain object, and a renewTokens the test scripts. */
function fakeClient(initial: Tokens = tokenSet()) {
  let stored: Tokens = { ...initial };
  const handlers = new Map<string, Set<Handler>>();
  const emit = (event: string, key: string, token: Token) => handlers.get(event)?.forEach((h) => h(key, token));
  const tokenManager = {
    getTokensSync: vi.fn(() => ({ ...stored })),
    setTokens: vi.fn((tokens: Tokens) => {
      stored = { ...tokens };
      for (const [key, token] of Object.entries(tokens) as [string, Token][]) emit('renewed', key, token);
    }),
    clear: vi.fn(() => {
      const before = stored;
      stored = {};
      for (const [key, token] of Object.entries(before) as [string, Token][]) emit('removed', key, token);
    }),
    hasExpired: vi.fn((token: AccessToken | IDToken | RefreshToken) => token.expiresAt - 30 <= Date.now() / 1000),
    on: vi.fn((event: string, handler: Handler) => {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
    }),
    off: vi.fn((event: string, handler: Handler) => handlers.get(event)?.delete(handler)),
  };
  const renewTokens = vi.fn<(options?: { timeout?: number }) => Promise<Tokens>>();
  const client = { token: { renewTokens }, tokenManager } as unknown as RenewableClient;
  return { client, renewTokens, tokenManager, stored: () => stored, emit, handlers };
}

/** Lets the renewer's promise chains settle under fake timers. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retryDelayMs', () => {
  it('doubles from 5 s and stays at the 2 min cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((retry) => retryDelayMs(retry))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 120_000, 120_000, 120_000,
    ]);
    expect(RENEWAL_BACKOFF).toEqual({ firstMs: 5_000, maxMs: 120_000 });
  });

  it('follows another policy', () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, { firstMs: 100, maxMs: 300 }))).toEqual([100, 200, 300, 300]);
  });
});

describe('TokenRenewer', () => {
  it('keeps every token while the org is unreachable and retries on the back-off schedule', async () => {
    const { client, renewTokens, tokenManager, stored } = fakeClient();
    const before = stored();
    renewTokens.mockRejectedValue(networkError());
    const renewer = new TokenRenewer(client);
    renewer.start();
    const statuses: RenewalStatus[] = [];
    renewer.subscribe((status) => statuses.push(status));

    expect(await renewer.renew()).toBe('unreachable');
    expect(renewTokens).toHaveBeenCalledTimes(1);
    expect(renewer.status).toEqual({ state: 'unreachable', failures: 1, retryAt: Date.now() + 5_000 });

    // When each retry goes out, measured from the first failure.
    const start = Date.now();
    const sentAt: number[] = [];
    renewTokens.mockImplementation(() => {
      sentAt.push(Date.now() - start);
      return Promise.reject(networkError());
    });
    await vi.advanceTimersByTimeAsync(5_000 + 10_000 + 20_000 + 40_000 + 80_000 + 120_000 + 120_000);
    expect(sentAt).toEqual([5_000, 15_000, 35_000, 75_000, 155_000, 275_000, 395_000]);
    // Nothing in between: one request per step, no loop.
    await vi.advanceTimersByTimeAsync(119_999);
    expect(sentAt).toHaveLength(7);

    expect(tokenManager.clear).not.toHaveBeenCalled();
    expect(tokenManager.setTokens).not.toHaveBeenCalled();
    expect(stored()).toEqual(before);
    expect(statuses.map((s) => (s.state === 'unreachable' ? s.failures : s.state))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    renewer.stop();
  });

  it('stores the renewed tokens once the org answers again, and stops retrying', async () => {
    const { client, renewTokens, stored } = fakeClient();
    renewTokens.mockRejectedValueOnce(networkError()).mockRejectedValueOnce(networkError());
    const fresh = tokenSet();
    renewTokens.mockResolvedValueOnce(fresh);
    const renewer = new TokenRenewer(client);
    renewer.start();

    expect(await renewer.renew()).toBe('unreachable');
    await vi.advanceTimersByTimeAsync(5_000); // second failure
    expect(renewer.status).toMatchObject({ state: 'unreachable', failures: 2 });
    await vi.advanceTimersByTimeAsync(10_000); // back
    expect(renewTokens).toHaveBeenCalledTimes(3);
    expect(stored()).toEqual(fresh);
    expect(renewer.status).toEqual({ state: 'ok' });

    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledTimes(3);
    renewer.stop();
  });

  it('starts the back-off again from 5 s after a success', async () => {
    const { client, renewTokens } = fakeClient();
    renewTokens.mockRejectedValueOnce(networkError()).mockRejectedValueOnce(networkError()).mockResolvedValueOnce(tokenSet());
    const renewer = new TokenRenewer(client);
    renewer.start();
    await renewer.renew();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renewer.status).toEqual({ state: 'ok' });

    renewTokens.mockRejectedValueOnce(networkError());
    expect(await renewer.renew()).toBe('unreachable');
    expect(renewer.status).toEqual({ state: 'unreachable', failures: 1, retryAt: Date.now() + 5_000 });
    renewer.stop();
  });

  it('ends the session when the org refuses, and does not retry', async () => {
    const { client, renewTokens, tokenManager, stored } = fakeClient();
    renewTokens.mockRejectedValue(refusal());
    const renewer = new TokenRenewer(client);
    renewer.start();

    expect(await renewer.renew()).toBe('refused');
    expect(tokenManager.clear).toHaveBeenCalledOnce();
    expect(stored()).toEqual({});
    expect(renewer.status).toEqual({ state: 'ok' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledOnce();
    renewer.stop();
  });

  it('ends the session when a retry meets a refusal', async () => {
    const { client, renewTokens, stored } = fakeClient();
    renewTokens.mockRejectedValueOnce(networkError()).mockRejectedValueOnce(refusal());
    const renewer = new TokenRenewer(client);
    renewer.start();
    await renewer.renew();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stored()).toEqual({});
    expect(renewer.status).toEqual({ state: 'ok' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledTimes(2);
    renewer.stop();
  });

  it('renews when a token expires (what auth-js autoRenew did), unless it has been replaced since', async () => {
    const initial = tokenSet();
    const { client, renewTokens, emit } = fakeClient(initial);
    renewTokens.mockResolvedValue(tokenSet());
    const renewer = new TokenRenewer(client);
    renewer.start();

    emit('expired', 'accessToken', initial.accessToken);
    emit('expired', 'idToken', initial.idToken); // same moment: joins the renewal under way
    await settle();
    expect(renewTokens).toHaveBeenCalledOnce();

    // The old ID token's timer firing late: it was replaced, nothing to do.
    emit('expired', 'idToken', initial.idToken);
    await settle();
    expect(renewTokens).toHaveBeenCalledOnce();
    renewer.stop();
  });

  it('leaves the timing to the back-off once the org is unreachable: a token expiring then adds no request', async () => {
    const initial = tokenSet();
    const { client, renewTokens, emit } = fakeClient(initial);
    renewTokens.mockRejectedValue(networkError());
    const renewer = new TokenRenewer(client);
    renewer.start();

    emit('expired', 'accessToken', initial.accessToken);
    await settle();
    emit('expired', 'idToken', initial.idToken); // after the first attempt failed
    await settle();
    expect(renewTokens).toHaveBeenCalledOnce();
    expect(renewer.status).toMatchObject({ state: 'unreachable', failures: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewTokens).toHaveBeenCalledTimes(2);
    renewer.stop();
  });

  it('"Renew now" asks the org again unless a renewal under way succeeds', async () => {
    const { client, renewTokens } = fakeClient();
    let fail!: (error: unknown) => void;
    renewTokens.mockReturnValueOnce(new Promise<Tokens>((_resolve, reject) => (fail = reject)));
    renewTokens.mockResolvedValueOnce(tokenSet());
    const renewer = new TokenRenewer(client);
    renewer.start();

    const auto = renewer.renew();
    const manual = renewer.renewNow();
    fail(networkError());
    expect(await auto).toBe('unreachable');
    expect(await manual).toBe('renewed');
    expect(renewTokens).toHaveBeenCalledTimes(2);
    expect(renewer.status).toEqual({ state: 'ok' });
    renewer.stop();
  });

  it('calls the retries off when new tokens arrive from elsewhere, or the session is gone', async () => {
    const { client, renewTokens, tokenManager } = fakeClient();
    renewTokens.mockRejectedValue(networkError());
    const renewer = new TokenRenewer(client);
    renewer.start();

    await renewer.renew();
    // Another tab renewed (auth-js relays it as `renewed`).
    tokenManager.setTokens(tokenSet());
    expect(renewer.status).toEqual({ state: 'ok' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledOnce();

    await renewer.renew();
    tokenManager.clear(); // signed out
    expect(renewer.status).toEqual({ state: 'ok' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledTimes(2);
    expect(await renewer.renew()).toBe('refused'); // nothing left to renew
    expect(renewTokens).toHaveBeenCalledTimes(2);
    renewer.stop();
  });

  it('keeps a refresh token the org did not replace', async () => {
    const initial = tokenSet();
    const { client, renewTokens, stored } = fakeClient(initial);
    const { accessToken, idToken } = tokenSet();
    renewTokens.mockResolvedValue({ accessToken, idToken });
    const renewer = new TokenRenewer(client);
    expect(await renewer.renew()).toBe('renewed');
    expect(stored()).toEqual({ accessToken, idToken, refreshToken: initial.refreshToken });
  });

  it('lets go of the tokenManager and its retry timer when stopped', async () => {
    const { client, renewTokens, handlers } = fakeClient();
    renewTokens.mockRejectedValue(networkError());
    const renewer = new TokenRenewer(client);
    renewer.start();
    await renewer.renew();
    renewer.stop();
    expect([...handlers.values()].every((set) => set.size === 0)).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledOnce();
  });
});

describe('TokenRenewer without a refresh token (no offline_access: auth-js renews through the hidden iframe)', () => {
  function withoutRefreshToken() {
    const { accessToken, idToken } = tokenSet();
    return fakeClient({ accessToken, idToken });
  }

  it('asks auth-js to renew silently, giving up after a bounded wait, and stores what comes back', async () => {
    const { client, renewTokens, stored } = withoutRefreshToken();
    const { accessToken, idToken } = tokenSet();
    renewTokens.mockResolvedValue({ accessToken, idToken });
    const renewer = new TokenRenewer(client);
    expect(await renewer.renew()).toBe('renewed');
    expect(renewTokens).toHaveBeenCalledExactlyOnceWith({ timeout: SILENT_RENEW_TIMEOUT_MS });
    expect(stored()).toEqual({ accessToken, idToken });
  });

  it('passes nothing extra when there is a refresh token (one token request)', async () => {
    const { client, renewTokens } = fakeClient();
    renewTokens.mockResolvedValue(tokenSet());
    expect(await new TokenRenewer(client).renew()).toBe('renewed');
    expect(renewTokens).toHaveBeenCalledExactlyOnceWith(undefined);
  });

  it('ends the session when the org says login_required: its session is gone', async () => {
    const { client, renewTokens, tokenManager, stored } = withoutRefreshToken();
    renewTokens.mockRejectedValue(new OAuthError('login_required', 'The client specified not to prompt, but the user is not logged in.'));
    const renewer = new TokenRenewer(client);
    expect(await renewer.renew()).toBe('refused');
    expect(tokenManager.clear).toHaveBeenCalledOnce();
    expect(stored()).toEqual({});
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(renewTokens).toHaveBeenCalledOnce();
  });

  it.each([
    ['the iframe never answering (its page did not load)', () => new AuthSdkError('OAuth flow timed out')],
    ['the code exchange getting no answer', networkError],
  ])('keeps the tokens and retries on %s', async (_name, failure) => {
    const { client, renewTokens, tokenManager, stored } = withoutRefreshToken();
    const before = stored();
    renewTokens.mockRejectedValue(failure());
    const renewer = new TokenRenewer(client);
    renewer.start();
    expect(await renewer.renew()).toBe('unreachable');
    expect(renewer.status).toMatchObject({ state: 'unreachable', failures: 1 });
    expect(tokenManager.clear).not.toHaveBeenCalled();
    expect(stored()).toEqual(before);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renewTokens).toHaveBeenCalledTimes(2);
    renewer.stop();
  });
});
