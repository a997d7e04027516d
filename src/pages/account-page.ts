import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import type { PortalSession } from '../auth/session';
import '../components/account-settings';

/**
 * The account page (`/account`): <account-settings> once the session is known to be there. Signed out,
 * the route's guard sends the visitor to sign in and back; until auth-js has decided, this says so.
 *
 * Light DOM, as the shell: its status line takes the portal's page styles (styles/portal.css).
 */
@customElement('account-page')
export class AccountPage extends LitElement {
  @property({ attribute: false })
  session?: PortalSession;

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
      ? html`<account-settings .session=${this.session} ?signing-out=${this.signingOut}></account-settings>`
      : html`<p role="status">Checking your session…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-page': AccountPage;
  }
}
