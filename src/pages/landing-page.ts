import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import { sharedStyles } from '../components/shared-styles';

/** The public front page (`/`). Links are plain <a href>: the shell turns same-origin clicks into navigation. */
@customElement('landing-page')
export class LandingPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .lead {
        font-size: 1.125rem;
        max-width: 40rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--portal-space-3);
        margin: var(--portal-space-5) 0;
      }
      aside {
        max-width: 40rem;
        margin-top: var(--portal-space-6);
      }
      aside p {
        margin: 0;
      }
    `,
  ];

  /** Decides which way the call to action points: to the dashboard only for a known session. */
  @property({ attribute: false })
  status: AuthStatus = 'pending';

  /** devorg's console (codes it "sends", users); set only when the portal runs against devorg. */
  @property({ attribute: false })
  devorgConsoleUrl?: string;

  override render() {
    return html`
      <h1>${msg('Your account, one sign-in away', { id: 'landing.heading' })}</h1>
      <p class="lead">
        ${msg(
          "Sign in with your organisation's Okta account to see your profile and how you signed in. New here? If your organisation allows it, you can create an account from the sign-in form.",
          { id: 'landing.lead' },
        )}
      </p>
      <div class="actions">
        ${
          this.status === 'signed-in'
            ? html`<a class="button" href="/dashboard">${msg('Go to your dashboard', { id: 'landing.to-dashboard' })}</a>`
            : html`<a class="button" href="/login">${msg('Sign in', { id: 'landing.sign-in' })}</a>`
        }
      </div>
      ${
        this.devorgConsoleUrl
          ? html`<aside class="card" aria-label=${msg('Development org', { id: 'landing.devorg-label' })}>
              <p>
                ${msg(
                  html`This portal is running against <strong>devorg</strong>, a local Okta org. Its
                    <a href=${this.devorgConsoleUrl} rel="external">devorg console</a> shows the codes it would email or text.`,
                  { id: 'landing.devorg' },
                )}
              </p>
            </aside>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'landing-page': LandingPage;
  }
}
