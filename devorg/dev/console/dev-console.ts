/**
 * `<dev-console>`: devorg's console for a person running `npm start` — the codes devorg "emailed"
 * and "texted" (newest first, big and copyable), the users with their authenticators, and a reset.
 * Talks to `/dev/api/*` on its own origin with the `X-Devorg-Console` header (see dev/access.ts).
 */
import { css, html, LitElement, nothing } from 'lit';
import { devApi, Refresher } from './dev-api';
import './dev-directory';
import './dev-system-log';

interface OutboxMessage {
  id: string;
  to: string;
  kind: 'email' | 'sms';
  code: string;
  purpose: string;
  created: string;
}

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
  static override styles = css`
    :host {
      display: block;
      font:
        15px/1.45 system-ui,
        sans-serif;
      color: #1d1d21;
      max-width: 1100px;
      margin: 0 auto;
      padding: 1.5rem;
    }
    h1 {
      font-size: 1.5rem;
      margin: 0 0 0.25rem;
    }
    h2 {
      font-size: 1.15rem;
      margin: 2rem 0 0.5rem;
    }
    p.hint {
      color: #555;
      margin: 0 0 1rem;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.45rem 0.6rem;
      border-bottom: 1px solid #e3e3e8;
      vertical-align: top;
    }
    th {
      font-weight: 600;
      font-size: 0.85rem;
      color: #555;
    }
    .code {
      font:
        600 1.6rem/1.1 ui-monospace,
        monospace;
      letter-spacing: 0.15em;
      user-select: all;
    }
    .row-actions {
      display: flex;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      padding: 0.3rem 0.7rem;
      border: 1px solid #8a8a96;
      border-radius: 4px;
      background: #fff;
      cursor: pointer;
    }
    button:hover {
      background: #f1f1f5;
    }
    button.danger {
      border-color: #b3261e;
      color: #b3261e;
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
      background: #e8eefc;
    }
    .status.DEPROVISIONED,
    .status.LOCKED_OUT,
    .status.SUSPENDED {
      background: #fde7e7;
    }
    .error {
      color: #b3261e;
    }
    ul.authenticators {
      margin: 0;
      padding-left: 1.1rem;
    }
    [role='status'] {
      min-height: 1.4em;
      color: #2b6b2b;
    }
  `;

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

  private async copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.notice = `Copied ${code}`;
    } catch {
      this.notice = 'Copy failed: select the code and copy it by hand';
    }
  }

  override render() {
    return html`
      <h1>devorg console</h1>
      <p class="hint">Messages devorg would have emailed or texted, and the users of this local org.</p>
      <div role="status" aria-live="polite">${this.notice}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}

      <section aria-labelledby="outbox-heading">
        <div class="toolbar">
          <h2 id="outbox-heading">Outbox</h2>
          <button @click=${() => this.refresh()}>Refresh</button>
          <button @click=${() => this.act('Outbox cleared', '/outbox', 'DELETE')}>Clear outbox</button>
        </div>
        ${
          this.outbox.length === 0
            ? html`<p>No messages yet. Codes appear here when someone registers or verifies.</p>`
            : html`<table aria-label="Outbox">
                <thead>
                  <tr>
                    <th>Code</th>
                    <th>To</th>
                    <th>Kind</th>
                    <th>Purpose</th>
                    <th>Sent</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.outbox.map(
                    (m) =>
                      html`<tr>
                        <td><span class="code" aria-label="Code ${m.code}">${m.code}</span></td>
                        <td>${m.to}</td>
                        <td>${m.kind === 'sms' ? 'SMS' : 'Email'}</td>
                        <td>${m.purpose}</td>
                        <td><time datetime=${m.created}>${new Date(m.created).toLocaleTimeString()}</time></td>
                        <td><button @click=${() => this.copy(m.code)} aria-label="Copy code ${m.code}">Copy</button></td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>

      <section aria-labelledby="users-heading">
        <div class="toolbar">
          <h2 id="users-heading">Users</h2>
          <button
            class="danger"
            @click=${() => this.act('Org reset', '/reset', 'POST', 'Delete every user, code, session and token in devorg?')}
          >
            Reset devorg
          </button>
        </div>
        ${
          this.users.length === 0
            ? html`<p>No users.</p>`
            : html`<table aria-label="Users">
                <thead>
                  <tr>
                    <th>User</th>
                    <th>Status</th>
                    <th>Authenticators</th>
                    <th>Actions</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.users.map((u) => this.renderUser(u))}
                </tbody>
              </table>`
        }
      </section>

      <dev-directory></dev-directory>
      <dev-system-log></dev-system-log>
    `;
  }

  private renderUser(u: ConsoleUser) {
    const name = [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ');
    return html`<tr>
      <td><strong>${name || u.profile.login}</strong><br />${u.profile.login}</td>
      <td><span class="status ${u.status}">${u.status}</span></td>
      <td>
        <ul class="authenticators">
          ${u.authenticators.map((a) => html`<li>${AUTHENTICATOR_NAMES[a.key] ?? a.key}${a.locked ? ' (locked)' : ''}</li>`)}
        </ul>
      </td>
      <td class="row-actions">
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
