/**
 * `<dev-outbox>`: what devorg "emailed" and "texted". The latest code for each recipient first, big and
 * copyable (what someone signing in is looking for), then every message, filterable by recipient and kind.
 * The messages come from `<dev-console>` (properties down); clearing is asked for by an event (up).
 *
 * @fires outbox-clear - the user asked to clear the outbox.
 */
import { css, html, LitElement, nothing } from 'lit';
import { consoleStyles } from './theme';

export interface OutboxMessage {
  id: string;
  to: string;
  kind: 'email' | 'sms' | 'voice';
  code: string;
  /** An email's magic link (the code and the sign-in's state), else null. */
  link: string | null;
  purpose: string;
  created: string;
}

/** A magic link to show as a link: only ever an http(s) URL (never a `javascript:` one, whatever the config said). */
function safeLink(link: string | null): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

type KindFilter = 'all' | OutboxMessage['kind'];

const KIND_WORDS: Record<OutboxMessage['kind'], string> = { email: 'Email', sms: 'SMS', voice: 'Voice call' };

export class DevOutbox extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
      }
      .latest {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 0.75rem;
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      .latest li {
        border: 1px solid var(--dc-border);
        border-radius: 6px;
        background: var(--dc-highlight);
        padding: 0.75rem;
        display: grid;
        gap: 0.35rem;
      }
      .to {
        overflow-wrap: anywhere;
        font-weight: 600;
      }
      .code {
        font:
          600 1.9rem/1.1 ui-monospace,
          monospace;
        letter-spacing: 0.15em;
        user-select: all;
      }
      .table-code {
        font:
          600 1.05rem/1.2 ui-monospace,
          monospace;
        letter-spacing: 0.08em;
        user-select: all;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin: 0.5rem 0;
      }
      .filters label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.85rem;
        color: var(--dc-muted);
      }
      [role='status'] {
        min-height: 1.4em;
        color: var(--dc-ok);
      }
    `,
  ];

  static override properties = {
    messages: { attribute: false },
    recipient: { state: true },
    kind: { state: true },
    notice: { state: true },
  };

  /** Newest first, as the dev API returns them. */
  messages: OutboxMessage[] = [];
  /** '' = every recipient. */
  private recipient = '';
  private kind: KindFilter = 'all';
  private notice = '';

  private async copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.notice = `Copied ${code}`;
    } catch {
      this.notice = 'Copy failed: select the code and copy it by hand';
    }
  }

  private readonly handleClear = (): void => {
    this.dispatchEvent(new Event('outbox-clear', { bubbles: true, composed: true }));
  };

  override render() {
    const recipients = [...new Set(this.messages.map((m) => m.to))].sort();
    // A recipient picked earlier may be gone (the outbox cleared): then everyone.
    const recipient = recipients.includes(this.recipient) ? this.recipient : '';
    const shown = this.messages.filter((m) => (!recipient || m.to === recipient) && (this.kind === 'all' || m.kind === this.kind));
    const latest = latestPerRecipient(shown);
    return html`
      <section aria-labelledby="outbox-heading">
        <div class="toolbar">
          <h2 id="outbox-heading">Outbox</h2>
          <button @click=${this.handleClear}>Clear outbox</button>
        </div>
        <div role="status" aria-live="polite">${this.notice}</div>
        ${
          this.messages.length === 0
            ? html`<p>No messages yet. Codes appear here when someone registers or verifies.</p>`
            : html`
                <h3 class="muted">Latest code for each recipient</h3>
                <ul class="latest" aria-label="Latest codes">
                  ${latest.map(
                    (m) =>
                      html`<li>
                        <span class="to">${m.to}</span>
                        <span class="code" aria-label="Code ${m.code}">${m.code}</span>
                        <span class="muted">${KIND_WORDS[m.kind]} · ${m.purpose} · ${renderTime(m.created)}</span>
                        <span><button @click=${() => this.copy(m.code)} aria-label="Copy code ${m.code} for ${m.to}">Copy</button></span>
                        ${
                          safeLink(m.link)
                            ? html`<span
                                ><a href=${safeLink(m.link)} target="_blank" rel="noopener noreferrer">Open the magic link</a></span
                              >`
                            : nothing
                        }
                      </li>`,
                  )}
                </ul>
                <div class="filters">
                  <label
                    >Recipient
                    <select .value=${recipient} @change=${(e: Event) => (this.recipient = (e.target as HTMLSelectElement).value)}>
                      <option value="">Everyone (${recipients.length})</option>
                      ${recipients.map((r) => html`<option value=${r} ?selected=${r === recipient}>${r}</option>`)}
                    </select>
                  </label>
                  <label
                    >Kind
                    <select .value=${this.kind} @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as KindFilter)}>
                      <option value="all">Email, SMS and calls</option>
                      <option value="email">Email</option>
                      <option value="sms">SMS</option>
                      <option value="voice">Voice calls</option>
                    </select>
                  </label>
                </div>
                ${shown.length === 0 ? html`<p>No messages match.</p>` : this.renderTable(shown)}
              `
        }
      </section>
    `;
  }

  private renderTable(messages: OutboxMessage[]) {
    return html`<table class="stack" role="table" aria-label="All messages">
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader">Code</th>
          <th role="columnheader">To</th>
          <th role="columnheader">Kind</th>
          <th role="columnheader">Purpose</th>
          <th role="columnheader">Sent</th>
          <th role="columnheader"><span class="muted">Copy</span></th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        ${messages.map(
          (m) =>
            html`<tr role="row">
              <td role="cell" data-label="Code"><span class="table-code">${m.code}</span></td>
              <td role="cell" data-label="To">${m.to}</td>
              <td role="cell" data-label="Kind">${KIND_WORDS[m.kind]}</td>
              <td role="cell" data-label="Purpose">${m.purpose}</td>
              <td role="cell" data-label="Sent">${renderTime(m.created)}</td>
              <td role="cell"><button @click=${() => this.copy(m.code)} aria-label="Copy code ${m.code}">Copy</button></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

/** The newest message of each recipient, in the order of the newest first (the input's order). */
export function latestPerRecipient(messages: readonly OutboxMessage[]): OutboxMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m.to) ? false : (seen.add(m.to), true)));
}

function renderTime(iso: string) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? nothing : html`<time datetime=${iso}>${date.toLocaleTimeString()}</time>`;
}

customElements.define('dev-outbox', DevOutbox);

declare global {
  interface HTMLElementTagNameMap {
    'dev-outbox': DevOutbox;
  }
}
