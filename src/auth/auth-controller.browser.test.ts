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

  describe('painted from storage (a fresh stored session, localStorage)', () => {
    const stored: PortalConfig = { ...config, tokenStorage: 'localStorage' };

    function mountStored(tokens: Record<string, unknown>) {
      localStorage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(tokens));
      const authClient = createAuthClient(stored);
      const core = vi.fn(() => Promise.resolve(() => authClient));
      const session = new PortalSession(stored, 'pending', { core, idx: () => Promise.reject(new Error('not needed')) });
      const host = document.createElement('auth-controller-host') as ControllerHost;
      const controller = new AuthController(host, session);
      document.body.append(host);
      return { authClient, core, session, controller };
    }

    afterEach(() => {
      vi.useRealTimers();
      localStorage.removeItem(TOKEN_STORAGE_KEY);
    });

    it('is signed in with the stored tokens at once, and loads auth-js only a minute before they are due', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { idToken, accessToken } = signedInSnapshot();
      const { core, controller, session } = mountStored({ idToken, accessToken });
      expect(controller.snapshot).toMatchObject({ status: 'signed-in', idToken: { claims: { name: 'Ada Lovelace' } } });
      expect(session.storedSession()?.accessToken.accessToken).toBe(accessToken.accessToken);
      // The access token expires first (30 min); auth-js's timers fire 30 s before that.
      const dueMs = (accessToken.expiresAt - 30) * 1000 - Date.now();
      vi.advanceTimersByTime(dueMs - 60_000 - 1000);
      expect(core).not.toHaveBeenCalled();
      vi.advanceTimersByTime(2000);
      expect(core).toHaveBeenCalledOnce();
      vi.useRealTimers();
      await vi.waitFor(() => expect(session.storedSession()).toBeUndefined());
      await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-in'));
    });

    it('loads auth-js when asked (sign-out, Renew now) and when another tab changes the storage', async () => {
      const { idToken, accessToken } = signedInSnapshot();
      const { core, controller, session } = mountStored({ idToken, accessToken });
      await Promise.resolve();
      expect(core).not.toHaveBeenCalled();
      localStorage.removeItem(TOKEN_STORAGE_KEY); // another tab signed out
      window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
      await vi.waitFor(() => expect(controller.snapshot.status).toBe('signed-out'));
      expect(core).toHaveBeenCalledOnce();
      expect(session.storedSession()).toBeUndefined();
    });

    it('leaves tokens flagged pendingRemove, and tokens about to expire, to auth-js at once', async () => {
      const { idToken, accessToken } = signedInSnapshot();
      const leaving = mountStored({ idToken: { ...idToken, pendingRemove: true }, accessToken: { ...accessToken, pendingRemove: true } });
      expect(leaving.controller.snapshot.status).toBe('pending');
      await vi.waitFor(() => expect(leaving.controller.snapshot.status).toBe('signed-out'));
      expect(leaving.core).toHaveBeenCalledOnce();

      const soon = Math.floor(Date.now() / 1000) + 45; // within a minute of auth-js's 30 s early expiry
      const expiring = mountStored({ idToken, accessToken: { ...accessToken, expiresAt: soon } });
      expect(expiring.controller.snapshot.status).toBe('signed-in');
      await vi.waitFor(() => expect(expiring.core).toHaveBeenCalledOnce());
      expiring.authClient.tokenManager.clear();
    });
  });
});
