import { msg } from '@lit/localize';
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import type { PortalSession } from '../auth/session';
import { emailLinkOf } from '../components/okta-sign-in-host';
import '../components/redirect-sign-in';
import { safeNextPath } from '../routes';

/**
 * The sign-in page (`/login`), for a visitor known to be signed out: the Sign-In Widget (embedded
 * sign-in), or a "Sign in" that goes to the org's own sign-in page (`VITE_OKTA_SIGN_IN=redirect`; no
 * widget is loaded then). Anyone else is on the way to the dashboard (the route's guard sends them there),
 * so sign-in is never started for them.
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

  /**
   * True while the shell signs the user out: the tokens are flagged for removal, so the guards show this
   * page until the org's logout page takes over; a redirect sign-in must not start then.
   */
  @property({ attribute: false })
  signingOut = false;

  /** The page's URL: `?next=` says where a redirect sign-in comes back to. */
  @property({ attribute: false })
  url?: URL;

  /** devorg's console (codes it "sends"); set only when the portal runs against devorg. */
  @property({ attribute: false })
  devorgConsoleUrl?: string;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /**
   * An email's magic link opened this page: handed to the widget once, and taken out of the address bar
   * so a reload or a bookmark doesn't carry the code.
   */
  private emailLink() {
    const link = this.url ? emailLinkOf(this.url) : undefined;
    if (link && this.url) {
      const clean = new URL(this.url);
      clean.searchParams.delete('otp');
      clean.searchParams.delete('state');
      history.replaceState(history.state, '', `${clean.pathname}${clean.search}${clean.hash}`);
    }
    return link;
  }

  override render() {
    if (this.status !== 'signed-out') return html`<p role="status">${msg('Checking your session…', { id: 'page.checking-session' })}</p>`;
    return html`
      <h1>${msg('Access your account', { id: 'login.heading' })}</h1>
      ${
        this.session?.config.signIn === 'redirect'
          ? html`<redirect-sign-in
              .session=${this.session}
              .next=${this.url ? safeNextPath(this.url.searchParams.get('next'), this.url.origin) : undefined}
              ?auto-start=${!this.signingOut}
            ></redirect-sign-in>`
          : html`<okta-sign-in-host .session=${this.session} .emailLink=${this.emailLink()}></okta-sign-in-host>`
      }
      ${
        this.devorgConsoleUrl
          ? html`<p>
              ${msg(
                html`Codes that devorg emails or texts appear in the <a href=${this.devorgConsoleUrl} rel="external">devorg console</a>.`,
                {
                  id: 'login.devorg-console',
                },
              )}
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
