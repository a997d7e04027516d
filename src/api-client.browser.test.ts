import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProtectedApi } from './api-client';
import { createAuthClient } from './auth/auth';
import { PortalSession } from './auth/session';
import { TOKEN_STORAGE_KEY } from './auth/token-storage';
import type { PortalConfig } from './config';
import { signedInSnapshot } from './testing/fixtures';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email'],
  tokenStorage: 'localStorage',
  signIn: 'embedded',
};

/** The Authorization header of each API request, answered with no messages. */
function recordApiCalls() {
  const seen: (string | null)[] = [];
  vi.spyOn(window, 'fetch').mockImplementation((_input, init) => {
    seen.push(new Headers(init?.headers).get('Authorization'));
    return Promise.resolve(Response.json({ messages: [] }));
  });
  return seen;
}

function sessionWithStored(tokens: Record<string, unknown>) {
  localStorage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(tokens));
  const authClient = createAuthClient(config);
  const core = vi.fn(() => Promise.resolve(() => authClient));
  const session = new PortalSession(config, 'pending', { core, idx: () => Promise.reject(new Error('not needed')) });
  return { authClient, core, session };
}

afterEach(() => {
  localStorage.removeItem(TOKEN_STORAGE_KEY);
  vi.restoreAllMocks();
});

describe('createProtectedApi', () => {
  it('sends the stored access token while it is fresh, without loading auth-js', async () => {
    const { idToken, accessToken } = signedInSnapshot();
    const { core, session } = sessionWithStored({ idToken, accessToken: { ...accessToken, accessToken: 'stored.access.token' } });
    const seen = recordApiCalls();
    expect(await createProtectedApi('http://localhost:8000', session).messages()).toEqual({ ok: true, value: [] });
    expect(seen).toEqual(['Bearer stored.access.token']);
    expect(core).not.toHaveBeenCalled();
  });

  it('once auth-js is loaded, asks its tokenManager instead of the storage', async () => {
    const { idToken, accessToken } = signedInSnapshot();
    const { authClient, core, session } = sessionWithStored({ idToken, accessToken });
    const client = await session.client();
    expect(core).toHaveBeenCalledOnce();
    client.tokenManager.setTokens({ idToken, accessToken: { ...accessToken, accessToken: 'from.the.client' } });
    const seen = recordApiCalls();
    await createProtectedApi('http://localhost:8000', session).messages();
    expect(seen).toEqual(['Bearer from.the.client']);
    authClient.tokenManager.clear();
  });
});
