/**
 * `<dev-console>`: devorg's console for a person running `npm start` — the codes devorg "emailed"
 * and "texted" (`<dev-outbox>`: the latest per recipient, big and copyable, then all, filterable), the
 * users with their authenticators, the directory, the System Log, and, set apart, a reset. Light or dark
 * as the browser prefers (theme.ts). Talks to `/dev/api/*` on its own origin with the `X-Devorg-Console`
 * header (see dev/access.ts).
 */
import { css, html, LitElement, nothing } from 'lit';
import { devApi, Refresher } from './dev-api';
import './dev-directory';
import './dev-outbox';
import type { OutboxMessage } from './dev-outbox';
import './dev-system-log';
import { consoleStyles, consoleTokens } from './theme';

interface ConsoleUser {
  id: string;
  status: string;
  created: string;
  lastLogin: string | null;
  profile: { login: string; email: string; firstName: string | null; lastName: string | null };
  authenticators: { key: string; id: string | null; profile: Record<string, unknown>; locked?: boolean }[];
}

const AUTHENTICATOR_NAMES: Record<string, string> = {
  okta_password: 'Password',
  okta_email: 'Email',
  google_otp: 'Google Authenticator',
  phone_number: 'Phone (SMS)',
  security_question: 'Security question',
  webauthn: 'Passkey',
};

/** How often the outbox and users refresh while the page is visible. */
const REFRESH_MS = 3000;

export class DevConsole extends LitElement {
  static override styles = [
    consoleTokens,
    consoleStyles,
    css`
      :host {
        font:
          15px/1.45 system-ui,
          sans-serif;
        color: var(--dc-text);
        background: var(--dc-bg);
        max-width: 1100px;
        margin: 0 auto;
        padding: 1.5rem;
      }
      h1 {
        font-size: 1.5rem;
        margin: 0 0 0.25rem;
      }
      p.hint {
        color: var(--dc-muted);
        margin: 0 0 1rem;
      }
      .row-actions {
        display: flex;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
      .toolbar {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
      .status {
        font-size: 0.8rem;
        padding: 0.1rem 0.4rem;
        border-radius: 3px;
        background: var(--dc-badge);
      }
      .status.DEPROVISIONED,
      .status.LOCKED_OUT,
      .status.SUSPENDED {
        background: var(--dc-danger-bg);
      }
      ul.authenticators {
        margin: 0;
        padding-left: 1.1rem;
      }
      [role='status'] {
        min-height: 1.4em;
        color: var(--dc-ok);
      }
      .danger-zone {
        margin-top: 2.5rem;
        padding: 1rem;
        border: 1px solid var(--dc-danger);
        border-radius: 6px;
      }
      .danger-zone h2 {
        margin-top: 0;
        color: var(--dc-danger);
      }
    `,
  ];

  static override properties = {
    outbox: { state: true },
    users: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  private outbox: OutboxMessage[] = [];
  private users: ConsoleUser[] = [];
  private error = '';
  private notice = '';
  // Refreshes while the page is visible (an instance field: it registers itself with the element).
  protected readonly refresher = new Refresher(this, () => this.refresh(), REFRESH_MS);

  private async refresh(): Promise<void> {
    try {
      [this.outbox, this.users] = await Promise.all([devApi<OutboxMessage[]>('/outbox?limit=50'), devApi<ConsoleUser[]>('/users')]);
      this.error = '';
    } catch (err) {
      this.error = `Could not load: ${(err as Error).message}`;
    }
  }

  private async act(label: string, path: string, method: 'POST' | 'DELETE', confirmText?: string): Promise<void> {
    if (confirmText && !window.confirm(confirmText)) return;
    try {
      await devApi(path, { method });
      this.notice = label;
      await this.refresh();
    } catch (err) {
      this.error = `${label} failed: ${(err as Error).message}`;
    }
  }

  override render() {
    return html`
      <h1>devorg console</h1>
      <p class="hint">Messages devorg would have emailed or texted, and the users of this local org.</p>
      <div role="status" aria-live="polite">${this.notice}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}

      <dev-outbox .messages=${this.outbox} @outbox-clear=${() => this.act('Outbox cleared', '/outbox', 'DELETE')}></dev-outbox>

      <section aria-labelledby="users-heading">
        <div class="toolbar">
          <h2 id="users-heading">Users</h2>
          <button @click=${() => this.refresh()}>Refresh</button>
        </div>
        ${
          this.users.length === 0
            ? html`<p>No users.</p>`
            : html`<table class="stack" role="table" aria-label="Users">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader">User</th>
                    <th role="columnheader">Status</th>
                    <th role="columnheader">Authenticators</th>
                    <th role="columnheader">Actions</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  ${this.users.map((u) => this.renderUser(u))}
                </tbody>
              </table>`
        }
      </section>

      <dev-directory></dev-directory>
      <dev-system-log></dev-system-log>

      <section class="danger-zone" aria-labelledby="reset-heading">
        <h2 id="reset-heading">Reset devorg</h2>
        <p>Deletes every user, code, session and token of this local org; the configuration stays. It can't be undone.</p>
        <button
          class="danger"
          @click=${() => this.act('Org reset', '/reset', 'POST', 'Delete every user, code, session and token in devorg?')}
        >
          Reset devorg
        </button>
      </section>
    `;
  }

  private renderUser(u: ConsoleUser) {
    const name = [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ');
    return html`<tr role="row">
      <td role="cell" data-label="User"><strong>${name || u.profile.login}</strong><br />${u.profile.login}</td>
      <td role="cell" data-label="Status"><span class="status ${u.status}">${u.status}</span></td>
      <td role="cell" data-label="Authenticators">
        <ul class="authenticators">
          ${u.authenticators.map((a) => html`<li>${AUTHENTICATOR_NAMES[a.key] ?? a.key}${a.locked ? ' (locked)' : ''}</li>`)}
        </ul>
      </td>
      <td role="cell" data-label="Actions">
        <!-- A flex box inside the cell: the cell itself stays a table cell, aligned with its row. -->
        <div class="row-actions">
          ${
            u.status !== 'DEPROVISIONED'
              ? html`<button
                  @click=${() => this.act(`Deactivated ${u.profile.login}`, `/users/${encodeURIComponent(u.id)}/deactivate`, 'POST')}
                >
                  Deactivate
                </button>`
              : nothing
          }
          ${
            u.status === 'LOCKED_OUT' || u.authenticators.some((a) => a.locked)
              ? html`<button @click=${() => this.act(`Unlocked ${u.profile.login}`, `/users/${encodeURIComponent(u.id)}/unlock`, 'POST')}>
                  Unlock
                </button>`
              : nothing
          }
          <button
            class="danger"
            @click=${() => this.act(`Deleted ${u.profile.login}`, `/users/${encodeURIComponent(u.id)}`, 'DELETE', `Delete ${u.profile.login}?`)}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>`;
  }
}

customElements.define('dev-console', DevConsole);

declare global {
  interface HTMLElementTagNameMap {
    'dev-console': DevConsole;
  }
}
