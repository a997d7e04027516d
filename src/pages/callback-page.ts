import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CompleteSignInRequestEvent } from '../events';

/**
 * Where a sign-in that went through the org comes back (`/login/callback`): a redirect sign-in with an
 * authorization code and its state, an embedded one finished elsewhere (an emailed magic link) with an
 * interaction code, or the org's error; the route's guard lets nothing else in. It asks the shell, which
 * owns the session, to complete the sign-in, and shows that it is being completed or why it could not be.
 *
 * Light DOM, as the shell: the page's headings and paragraphs take the portal's page styles.
 *
 * @fires complete-sign-in-request - for each URL the page is shown with; the shell exchanges the code.
 */
@customElement('callback-page')
export class CallbackPage extends LitElement {
  /** The redirect's URL, with the org's parameters. */
  @property({ attribute: false })
  url?: URL;

  /** Why the sign-in could not be completed, in words for the user; unset while it is being completed. */
  @property({ attribute: false })
  callbackError?: string;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('url') && this.url) this.dispatchEvent(new CompleteSignInRequestEvent(this.url.href));
  }

  override render() {
    return this.callbackError
      ? html`<h1>Sign-in could not be completed</h1>
          <p>${this.callbackError}</p>
          <p><a href="/login">Back to sign in</a></p>`
      : html`<p role="status">Completing sign-in…</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'callback-page': CallbackPage;
  }
}
