import { msg } from '@lit/localize';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthStatus } from '../auth/auth-context';
import type { PortalSession } from '../auth/session';
import type { StepUpRequestEvent } from '../components/account-feedback';
import '../components/account-settings';
// Its element is defined when the widget is wanted (handleStepUpRequest); this is for its types only.
import type {} from '../components/okta-sign-in-host';

/**
 * The account page (`/account`): <account-settings> once the session is known to be there. Signed out,
 * the route's guard sends the visitor to sign in and back; until auth-js has decided, this says so.
 *
 * A change the org refuses for want of a recent sign-in (MyAccount's `insufficient_authentication_context`
 * with `max_age`) comes here as a `step-up-request`: the page shows the Sign-In Widget in place, with that
 * `max_age` (a fresh sign-in even with a live org session), and once the new tokens are stored the change
 * is made again. The widget module is the login page's, fetched only then.
 *
 * Light DOM, as the shell: its status line takes the portal's page styles (styles/portal.css), and the
 * widget must be in the document's own tree.
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

  /** The change waiting for a recent sign-in. */
  @state() private stepUp?: StepUpRequestEvent;
  @state() private widgetFailed = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private readonly handleStepUpRequest = (event: StepUpRequestEvent): void => {
    this.stepUp?.cancel();
    this.stepUp = event;
    this.widgetFailed = false;
    import('../components/okta-sign-in-host').then(
      () => this.updateComplete.then(() => this.querySelector<HTMLElement>('#step-up-heading')?.focus()),
      () => (this.widgetFailed = true),
    );
  };

  private readonly handleSignedIn = (): void => {
    const pending = this.stepUp;
    this.stepUp = undefined;
    pending?.retry();
  };

  private readonly handleCancel = (): void => {
    const pending = this.stepUp;
    this.stepUp = undefined;
    pending?.cancel();
  };

  override render() {
    if (this.status !== 'signed-in') return html`<p role="status">Checking your session…</p>`;
    const stepUp = this.stepUp;
    return html`
      ${
        stepUp
          ? html`<section class="account-step-up" aria-labelledby="step-up-heading">
              <h1 id="step-up-heading" tabindex="-1">${msg('Confirm it’s you', { id: 'account.step-up-heading' })}</h1>
              <p>
                ${msg('For your security, this change needs a recent sign-in. Sign in again, and the change is made right after.', {
                  id: 'account.step-up-intro',
                })}
              </p>
              ${
                this.widgetFailed
                  ? html`<p role="alert">
                      ${msg('The sign-in form could not be loaded. Check your connection and retry.', { id: 'sign-in.not-loaded' })}
                    </p>`
                  : html`<okta-sign-in-host
                      .session=${this.session}
                      .maxAge=${stepUp.maxAge}
                      @signed-in=${this.handleSignedIn}
                    ></okta-sign-in-host>`
              }
              <p><button type="button" @click=${this.handleCancel}>${msg('Cancel', { id: 'account.cancel' })}</button></p>
            </section>`
          : nothing
      }
      <account-settings ?hidden=${!!stepUp} .session=${this.session} @step-up-request=${this.handleStepUpRequest}></account-settings>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-page': AccountPage;
  }
}
