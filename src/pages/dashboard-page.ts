import { msg } from '@lit/localize';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import '../components/user-dashboard';

/**
 * The dashboard page (`/dashboard`): <user-dashboard> once the session is known to be there. Signed out,
 * the route's guard sends the visitor to sign in; until auth-js has decided, this says so.
 *
 * Light DOM, as the shell: its status line takes the portal's page styles (styles/portal.css).
 */
@customElement('dashboard-page')
export class DashboardPage extends LitElement {
  @property({ attribute: false })
  status: AuthStatus = 'pending';

  /** True while the shell is signing the user out. */
  @property({ attribute: false })
  signingOut = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return this.status === 'signed-in'
      ? html`<user-dashboard ?signing-out=${this.signingOut}></user-dashboard>`
      : html`<p role="status">${msg('Checking your session…', { id: 'page.checking-session' })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dashboard-page': DashboardPage;
  }
}
