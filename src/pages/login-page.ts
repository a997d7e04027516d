import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import type { PortalSession } from '../auth/session';
import '../components/okta-sign-in-host';

/**
 * The sign-in page (`/login`): the Sign-In Widget for a visitor known to be signed out. Anyone else is
 * on the way to the dashboard (the route's guard sends them there), so the form is never started for them.
 *
 * Light DOM: the widget looks its elements up in `document`, so no ancestor of <okta-sign-in-host> may
 * be a shadow root; the page's headings and paragraphs take the portal's page styles (styles/portal.css).
 */
@customElement('login-page')
export class LoginPage extends LitElement {
  /** The portal's session, for the widget's clients. */
  @property({ attribute: false })
  session?: PortalSession;

  @property({ attribute: false })
  status: AuthStatus = 'pending';

  /** devorg's console (codes it "sends"); set only when the portal runs against devorg. */
  @property({ attribute: false })
  devorgConsoleUrl?: string;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    if (this.status !== 'signed-out') return html`<p role="status">Checking your session…</p>`;
    return html`
      <h1>Access your account</h1>
      <okta-sign-in-host .session=${this.session}></okta-sign-in-host>
      ${
        this.devorgConsoleUrl
          ? html`<p>
              Codes that devorg emails or texts appear in the
              <a href=${this.devorgConsoleUrl} rel="external">devorg console</a>.
            </p>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-page': LoginPage;
  }
}
