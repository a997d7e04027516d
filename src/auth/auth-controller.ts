import { ContextProvider } from '@lit/context';
import type { AuthState } from '@okta/okta-auth-js/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { OktaAuth } from './auth';
import { authContext, type AuthSnapshot } from './auth-context';
import type { RenewalStatus, TokenRenewer } from './renewal';
import type { PortalSession } from './session';
import { TOKEN_STORAGE_KEY } from './token-storage';

/**
 * Follows auth-js's authStateManager (who is signed in) and the session's TokenRenewer (whether the org
 * can be reached to renew) for its host, and provides the result to descendants as `authContext`, so
 * components never talk to auth-js to find out.
 *
 * Until the session's core client exists, the boot-time look at token storage stands in: nothing
 * stored is `signed-out` (no auth-js needed to know); a fresh stored session (session.storedSession())
 * is `signed-in` with the stored tokens, and auth-js loads when they are due for renewal or something
 * needs it (session.loadClientWhenDue()); anything else is `pending` and loads the client at once. The
 * controller attaches when something loads the client (the sign-in page does, to store the widget's
 * tokens; sign-out; "Renew now"), or when another tab changes the token storage.
 */
export class AuthController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly session: PortalSession;
  private readonly provider: ContextProvider<typeof authContext>;
  private client?: OktaAuth;
  private connected = false;
  private stopWaiting?: () => void;
  private stopFollowingRenewal?: () => void;
  private renewal: RenewalStatus = { state: 'ok' };

  snapshot: AuthSnapshot;

  constructor(host: ReactiveControllerHost & HTMLElement, session: PortalSession) {
    this.host = host;
    this.session = session;
    const stored = session.storedSession();
    this.snapshot =
      session.bootStatus === 'signed-out'
        ? { status: 'signed-out' }
        : stored
          ? { status: 'signed-in', idToken: stored.idToken, accessToken: stored.accessToken }
          : { status: 'pending' };
    this.provider = new ContextProvider(host, { context: authContext, initialValue: this.snapshot });
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    window.addEventListener('storage', this.handleStorage);
    this.stopWaiting = this.session.whenClient(this.attach);
    // Failures (auth-js rejecting the settings) are the shell's to show.
    this.session.loadClientWhenDue();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stopWaiting?.();
    this.client?.authStateManager.unsubscribe(this.handleAuthState);
    this.client = undefined;
    this.stopFollowingRenewal?.();
    this.stopFollowingRenewal = undefined;
    window.removeEventListener('storage', this.handleStorage);
  }

  private readonly attach = (client: OktaAuth, renewer: TokenRenewer): void => {
    if (!this.connected || this.client) return;
    this.client = client;
    this.renewal = renewer.status;
    this.stopFollowingRenewal = renewer.subscribe(this.handleRenewal);
    const manager = client.authStateManager;
    manager.subscribe(this.handleAuthState);
    // authStateManager only emits *changes*: if start() already evaluated the tokens, updateAuthState()
    // emits nothing, so take the state it resolves with.
    manager.updateAuthState().then(
      (state) => this.handleAuthState(state ?? { isAuthenticated: false }),
      () => this.handleAuthState({ isAuthenticated: false }),
    );
  };

  /**
   * Another tab changed the shared token storage (localStorage only fires this). auth-js's syncStorage
   * service relays the same news over a BroadcastChannel; this is the fallback that needs nothing but
   * the storage itself, e.g. when that channel is unavailable. Re-evaluating is idempotent.
   */
  private readonly handleStorage = (event: StorageEvent): void => {
    const key = this.client?.tokenManager.getOptions().storageKey ?? TOKEN_STORAGE_KEY;
    // `key` null: the other tab cleared the whole storage area.
    if (event.key !== null && event.key !== key) return;
    // Not loaded yet (signed out at boot, or painted from storage): loading it evaluates the storage,
    // and attach() follows.
    if (!this.client) {
      this.session.client().catch(() => undefined);
      return;
    }
    void this.client.authStateManager.updateAuthState().catch(() => undefined);
  };

  private readonly handleAuthState = (state: AuthState): void => {
    // signOut() flags the tokens `pendingRemove` and leaves for the org's logout page; they are deleted
    // only when some tab next calls start(). auth-js still counts them as authenticated, but the user
    // asked to leave (possibly in another tab) and they are already revoked.
    const leaving = state.idToken?.pendingRemove === true || state.accessToken?.pendingRemove === true;
    const signedIn = state.isAuthenticated === true && state.idToken !== undefined && !leaving;
    this.publish(signedIn ? { status: 'signed-in', idToken: state.idToken, accessToken: state.accessToken } : { status: 'signed-out' });
  };

  private readonly handleRenewal = (status: RenewalStatus): void => {
    this.renewal = status;
    const { renewal: _previous, ...rest } = this.snapshot;
    this.publish(rest);
  };

  /** The renewal status only matters to a session: a signed-out snapshot never says "unreachable". */
  private publish(snapshot: Omit<AuthSnapshot, 'renewal'>): void {
    this.snapshot = snapshot.status === 'signed-in' && this.renewal.state !== 'ok' ? { ...snapshot, renewal: this.renewal } : snapshot;
    this.provider.setValue(this.snapshot);
    this.host.requestUpdate();
  }
}
