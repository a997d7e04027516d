import { ContextProvider } from '@lit/context';
import type { AuthState, OktaAuth } from '@okta/okta-auth-js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { authContext, type AuthSnapshot } from './auth-context';

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
    // authStateManager only emits *changes*: if start() already evaluated the tokens, updateAuthState()
    // emits nothing, so take the state it resolves with.
    manager.updateAuthState().then(
      (state) => this.handleAuthState(state ?? { isAuthenticated: false }),
      () => this.handleAuthState({ isAuthenticated: false }),
    );
  }

  hostDisconnected(): void {
    this.authClient.authStateManager.unsubscribe(this.handleAuthState);
  }

  private readonly handleAuthState = (state: AuthState): void => {
    const signedIn = state.isAuthenticated === true && state.idToken !== undefined;
    this.snapshot = signedIn
      ? { status: 'signed-in', idToken: state.idToken, accessToken: state.accessToken }
      : { status: 'signed-out' };
    this.provider.setValue(this.snapshot);
    this.host.requestUpdate();
  };
}
