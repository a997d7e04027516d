import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * Where a redirect-based sign-in (e.g. an emailed magic link) comes back (`/login/callback`). The shell
 * exchanges the interaction code; this shows that it is doing so, or why it could not.
 *
 * Light DOM, as the shell: the page's headings and paragraphs take the portal's page styles.
 */
@customElement('callback-page')
export class CallbackPage extends LitElement {
  /** Why the sign-in could not be completed, in words for the user; unset while it is being completed. */
  @property({ attribute: false })
  callbackError?: string;

  protected override createRenderRoot(): HTMLElement {
    return this;
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
