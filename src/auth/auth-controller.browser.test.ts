import { LitElement } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalConfig } from '../config';
import { sessionFor, signedInSnapshot } from '../testing/fixtures';
import { createAuthClient } from './auth';
import { AuthController } from './auth-controller';
import { PortalSession } from './session';
import { TOKEN_STORAGE_KEY } from './token-storage';

const config: PortalConfig = {
  issuer: 'http://localhost:7070/oauth2/default',
  clientId: '0oadevorgportal00001',
  redirectUri: `${window.location.origin}/login/callback`,
  postLogoutRedirectUri: `${window.location.origin}/`,
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  tokenStorage: 'memory',
  signIn: 'embedded',
};

class ControllerHost extends LitElement {}
customElements.define('auth-controller-host', ControllerHost);

function mount(bootStatus: 'pending' | 'signed-out' = 'pending') {
  const authClient = createAuthClient(config);
  const session = sessionFor(config, authClient, bootStatus);
  const host = document.createElement('auth-controller-host') as ControllerHost;
  const controller = new AuthController(host, session);
  document.body.append(host);
  return { authClient, session, host, controller };
}

afterEach(() => {
  document.querySelectorAll('auth-controller-host').forEach((el) => el.remove());
  vi.restoreAllMocks();
});

describe('AuthController', () => {
  it('follows the tokenManager: signed in with tokens, signed out without', async () => {
    const { authClient, controller } = mount();
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-out'));
    const { idToken, accessToken } = signedInSnapshot();
    authClient.tokenManager.setTokens({ idToken, accessToken });
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
  });

  it("passes the renewer's outage status on to a signed-in session, and never to a signed-out one", async () => {
    const { authClient, session, controller } = mount();
    const { idToken, accessToken } = signedInSnapshot();
    authClient.tokenManager.setTokens({ idToken, accessToken });
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
    expect(controller.snapshot.renewal).toBeUndefined();

    const renewer = await session.renewer();
    vi.spyOn(authClient.token, 'renewTokens').mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await renewer.renewNow()).toBe('unreachable');
    expect(controller.snapshot).toMatchObject({ status: 'signed-in', renewal: { state: 'unreachable', failures: 1 } });

    authClient.tokenManager.clear();
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-out'));
    expect(controller.snapshot.renewal).toBeUndefined();
    renewer.stop();
  });

  it('treats tokens flagged pendingRemove (a sign-out on its way, maybe in another tab) as signed out', async () => {
    const { authClient, controller } = mount();
    const { idToken, accessToken } = signedInSnapshot();
    authClient.tokenManager.setTokens({ idToken, accessToken });
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
    // What signOut() does (addPendingRemoveFlags) before it leaves for the org's logout page.
    authClient.tokenManager.setTokens({
      idToken: { ...idToken, pendingRemove: true },
      accessToken: { ...accessToken, pendingRemove: true },
    });
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-out'));
    // auth-js itself still counts them as a session: the controller is what ends it in the UI.
    expect(await authClient.isAuthenticated()).toBe(true);
  });

  it('re-evaluates when another tab changes the token storage, and ignores other keys', async () => {
    const { authClient, host } = mount();
    await vi.waitFor(() => expect(authClient.authStateManager.getAuthState()).not.toBeNull());
    const update = vi.spyOn(authClient.authStateManager, 'updateAuthState');
    window.dispatchEvent(new StorageEvent('storage', { key: 'something-else' }));
    expect(update).not.toHaveBeenCalled();
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    window.dispatchEvent(new StorageEvent('storage', { key: null }));
    expect(update).toHaveBeenCalledTimes(2);

    host.remove();
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    expect(update).toHaveBeenCalledTimes(2);
  });

  it('with nothing stored at boot, is signed out at once and leaves auth-js unloaded until another tab signs in', async () => {
    const authClient = createAuthClient(config);
    const core = vi.fn(() => Promise.resolve(() => authClient));
    const session = new PortalSession(config, 'signed-out', { core, idx: () => Promise.reject(new Error('not needed')) });
    const host = document.createElement('auth-controller-host') as ControllerHost;
    const controller = new AuthController(host, session);
    document.body.append(host);
    expect(controller.snapshot.status).toBe('signed-out');
    await Promise.resolve();
    expect(core).not.toHaveBeenCalled();

    // Another tab signed in: its tokens are in the shared storage, and the storage event loads auth-js.
    const { idToken, accessToken } = signedInSnapshot();
    authClient.tokenManager.setTokens({ idToken, accessToken });
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
    expect(core).toHaveBeenCalledOnce();
    authClient.tokenManager.clear();
  });

  it('with nothing stored at boot, follows the client once something else loads it (the sign-in page storing tokens)', async () => {
    const { authClient, session, controller } = mount('signed-out');
    const { idToken, accessToken } = signedInSnapshot();
    // What the sign-in host does with the widget's tokens.
    (await session.client()).tokenManager.setTokens({ idToken, accessToken });
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
    authClient.tokenManager.clear();
    await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-out'));
  });
});
