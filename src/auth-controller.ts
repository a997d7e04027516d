import { ContextProvider } from '@lit/context';
import type { AuthState, OktaAuth } from '@okta/okta-auth-js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { authContext, type AuthSnapshot } from './auth-context';
import { TOKEN_STORAGE_KEY } from './token-storage';

/**
 * Follows auth-js's authStateManager for its host and provides the result to descendants as
 * `authContext`, so components never talk to auth-js to find out who is signed in.
 */
export class AuthController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly authClient: OktaAuth;
  private readonly provider: ContextProvider<typeof authContext>;

  snapshot: AuthSnapshot = { status: 'pending' };

  constructor(host: ReactiveControllerHost & HTMLElement, authClient: OktaAuth) {
    this.host = host;
    this.authClient = authClient;
    this.provider = new ContextProvider(host, { context: authContext, initialValue: this.snapshot });
    host.addController(this);
  }

  hostConnected(): void {
    const manager = this.authClient.authStateManager;
    manager.subscribe(this.handleAuthState);
    window.addEventListener('storage', this.handleStorage);
    // authStateManager only emits *changes*: if start() already evaluated the tokens, updateAuthState()
    // emits nothing, so take the state it resolves with.
    manager.updateAuthState().then(
      (state) => this.handleAuthState(state ?? { isAuthenticated: false }),
      () => this.handleAuthState({ isAuthenticated: false }),
    );
  }

  hostDisconnected(): void {
    this.authClient.authStateManager.unsubscribe(this.handleAuthState);
    window.removeEventListener('storage', this.handleStorage);
  }

  /**
   * Another tab changed the shared token storage (localStorage only fires this). auth-js's syncStorage
   * service relays the same news over a BroadcastChannel; this is the fallback that needs nothing but
   * the storage itself, e.g. when that channel is unavailable. Re-evaluating is idempotent.
   */
  private readonly handleStorage = (event: StorageEvent): void => {
    const key = this.authClient.tokenManager.getOptions().storageKey ?? TOKEN_STORAGE_KEY;
    // `key` null: the other tab cleared the whole storage area.
    if (event.key !== null && event.key !== key) return;
    void this.authClient.authStateManager.updateAuthState().catch(() => undefined);
  };

  private readonly handleAuthState = (state: AuthState): void => {
    // signOut() flags the tokens `pendingRemove` and leaves for the org's logout page; they are deleted
    // only when some tab next calls start(). auth-js still counts them as authenticated, but the user
    // asked to leave (possibly in another tab) and they are already revoked.
    const leaving = state.idToken?.pendingRemove === true || state.accessToken?.pendingRemove === true;
    const signedIn = state.isAuthenticated === true && state.idToken !== undefined && !leaving;
    this.snapshot = signedIn ? { status: 'signed-in', idToken: state.idToken, accessToken: state.accessToken } : { status: 'signed-out' };
    this.provider.setValue(this.snapshot);
    this.host.requestUpdate();
  };
}
