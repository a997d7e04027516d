import { msg, str } from '@lit/localize';
import { consume } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Message, MessagesSource } from '../api-client';
import { apiContext } from '../api-context';
import { ReauthenticateRequestEvent } from '../events';
import { sharedStyles } from './shared-styles';

type View =
  { state: 'loading' } | { state: 'loaded'; messages: Message[] } | { state: 'failed'; message: string } | { state: 'reauthenticating' };

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The caller's messages from the protected API, fetched with the current access token. A refused token
 * is not shown as an error: the panel asks the shell to have the user sign in again. Every value is
 * rendered through Lit text bindings.
 *
 * @fires reauthenticate-request - the API refused the access token; the shell clears the tokens.
 */
@customElement('messages-panel')
export class MessagesPanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        /* The dashboard's vertical rhythm between cards. */
        margin-bottom: var(--portal-space-5);
      }
      .header {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: var(--portal-space-4);
      }
      h2 {
        font-size: var(--portal-font-size-h2);
        margin: 0 0 var(--portal-space-4);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--portal-space-3);
      }
      li p {
        margin: 0;
        overflow-wrap: anywhere;
      }
      time,
      .muted {
        color: var(--portal-text-muted);
        font-size: 0.875rem;
      }
      [role='status']:empty {
        display: none;
      }
      .link-button {
        background: none;
        border: none;
        padding: 0;
        color: var(--portal-link);
        font: inherit;
        text-decoration: underline;
        text-underline-offset: 0.15em;
        cursor: pointer;
      }
    `,
  ];

  @state() private view: View = { state: 'loading' };
  /** The request in flight, aborted when a newer one starts or the panel leaves the page. */
  private request?: AbortController;

  /** The protected API; provided by the shell, or set directly. */
  @consume({ context: apiContext, subscribe: true })
  @property({ attribute: false })
  api?: MessagesSource;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a disconnect (whose abort left the view stale): fetch again.
    if (this.hasUpdated && this.api) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api) void this.load();
  }

  /** Fetches the messages again; resolves when the view shows the outcome. */
  async load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.view = { state: 'loading' };
    let view: View;
    try {
      const outcome = await api.messages(request.signal);
      if (outcome.ok) view = { state: 'loaded', messages: outcome.value };
      else if (outcome.reason === 'unauthenticated') view = { state: 'reauthenticating' };
      else view = { state: 'failed', message: outcome.message };
    } catch {
      if (request.signal.aborted) return;
      // The source words what it knows (api-client.ts); what escapes it (auth-js failing to load, say) is
      // a browser's message such as "Failed to fetch", not one for people.
      view = { state: 'failed', message: msg('Check your connection and try again.', { id: 'messages.check-connection' }) };
    }
    if (request.signal.aborted) return;
    this.view = view;
    if (view.state === 'reauthenticating') this.dispatchEvent(new ReauthenticateRequestEvent());
  }

  private handleReload(): void {
    void this.load();
  }

  override render() {
    const { view } = this;
    const busy = view.state === 'loading' || view.state === 'reauthenticating';
    return html`
      <section class="card" aria-labelledby="messages" aria-busy=${busy ? 'true' : 'false'}>
        <div class="header">
          <h2 id="messages">${msg('Messages', { id: 'messages.heading' })}</h2>
          ${this.api ? html`<button class="link-button" type="button" ?disabled=${busy} @click=${this.handleReload}>${msg('Reload messages', { id: 'messages.reload' })}</button>` : ''}
        </div>
        <p role="status">${this.statusText()}</p>
        ${this.renderBody()}
      </section>
    `;
  }

  private statusText(): string {
    if (!this.api) return '';
    if (this.view.state === 'loading') return msg('Loading messages…', { id: 'messages.loading' });
    if (this.view.state === 'reauthenticating')
      return msg('Your session has ended. Taking you to sign in…', { id: 'messages.reauthenticating' });
    return '';
  }

  private renderBody() {
    if (!this.api) return html`<p class="muted">No protected API is configured (set VITE_API_URL).</p>`;
    const { view } = this;
    switch (view.state) {
      case 'loaded':
        return view.messages.length === 0
          ? html`<p>${msg('No messages yet.', { id: 'messages.none' })}</p>`
          : html`<ul>
              ${view.messages.map(
                (m) =>
                  html`<li>
                    <p>${m.text}</p>
                    ${renderDate(m.date)}
                  </li>`,
              )}
            </ul>`;
      case 'failed':
        return html`<p role="alert">${msg(str`Messages could not be loaded: ${view.message}`, { id: 'messages.failed' })}</p>`;
      default:
        return '';
    }
  }
}

function renderDate(iso: string) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : html`<time datetime=${date.toISOString()}>${dateTime.format(date)}</time>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'messages-panel': MessagesPanel;
  }
}
