import { consume } from '@lit/context';
import type { UserClaims } from '@okta/okta-auth-js';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { authContext, type AuthSnapshot } from '../auth/auth-context';
import { SignOutRequestEvent } from '../events';
import './messages-panel';
import { sharedStyles } from './shared-styles';
import './token-status';

/** RFC 8176 `amr` values Okta sends, in words; anything else is shown as sent. */
const AMR_WORDS: Readonly<Record<string, string>> = {
  pwd: 'Password',
  otp: 'One-time code',
  sms: 'SMS code',
  kba: 'Security question',
  email: 'Email code',
  // Proof of a hardware-secured key: what devorg (and Okta, for FIDO2 WebAuthn) reports for a passkey.
  hwk: 'Passkey',
  mfa: 'Multi-factor',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const list = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * The signed-in user, straight from the ID token's claims (no /userinfo call). Every value is rendered
 * through Lit text bindings, so claims are always text, never markup.
 *
 * @fires sign-out-request - the user asked to sign out; the shell performs it and sets `signingOut`.
 */
@customElement('user-dashboard')
export class UserDashboard extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .grid {
        display: grid;
        gap: var(--portal-space-5);
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        margin-bottom: var(--portal-space-5);
      }
      h2 {
        font-size: var(--portal-font-size-h2);
        margin: 0 0 var(--portal-space-4);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--portal-space-2) var(--portal-space-4);
        margin: 0;
      }
      dt {
        color: var(--portal-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      details {
        margin-bottom: var(--portal-space-5);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      pre {
        font-family: var(--portal-font-mono);
        font-size: 0.875rem;
        overflow: auto;
        margin: var(--portal-space-3) 0 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        align-items: center;
        gap: var(--portal-space-4);
      }
      [role='status'] {
        margin: 0;
      }
      .groups {
        display: flex;
        flex-wrap: wrap;
        gap: var(--portal-space-2);
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .groups li {
        border: 1px solid var(--portal-border);
        border-radius: 999px;
        padding: 0 var(--portal-space-3);
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The signed-in user; provided by the shell's AuthController, or set directly. */
  @consume({ context: authContext, subscribe: true })
  @property({ attribute: false })
  auth?: AuthSnapshot;

  /** True while the shell is signing the user out. */
  @property({ type: Boolean, attribute: 'signing-out' })
  signingOut = false;

  private handleSignOut(): void {
    this.dispatchEvent(new SignOutRequestEvent());
  }

  override render() {
    const idToken = this.auth?.idToken;
    if (!idToken) return html`<p>You are not signed in.</p>`;
    const { claims } = idToken;
    const accessToken = this.auth?.accessToken;

    return html`
      <h1>Welcome, ${displayName(claims)}</h1>
      <div class="grid">
        <section class="card" aria-labelledby="profile">
          <h2 id="profile">Your profile</h2>
          <dl>
            <dt>Email</dt>
            <dd>${claims.email ?? 'Not shared'}</dd>
            <dt>Username</dt>
            <dd>${claims.preferred_username ?? 'Not shared'}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="session">
          <h2 id="session">Your session</h2>
          <dl>
            <dt>Signed in</dt>
            <dd>${renderTime(claims.auth_time)}</dd>
            <dt>How you signed in</dt>
            <dd>${amrInWords(claims.amr)}</dd>
            <dt>ID token expires</dt>
            <dd>${renderTime(idToken.expiresAt)}</dd>
            <dt>Access token expires</dt>
            <dd>${accessToken ? renderTime(accessToken.expiresAt) : 'No access token'}</dd>
          </dl>
          <token-status></token-status>
        </section>
        ${renderGroups(claims.groups)}
      </div>
      <messages-panel></messages-panel>
      <details class="card">
        <summary>Raw ID token claims</summary>
        <pre>${JSON.stringify(claims, null, 2)}</pre>
      </details>
      <div class="actions">
        <a href="/account">Manage your account</a>
        <button class="button" type="button" ?disabled=${this.signingOut} @click=${this.handleSignOut}>Sign out</button>
        <p role="status">${this.signingOut ? 'Signing you out…' : ''}</p>
      </div>
    `;
  }
}

function displayName(claims: UserClaims): string {
  return claims.name ?? claims.preferred_username ?? claims.email ?? claims.sub;
}

/**
 * The `groups` claim, when the org's authorization server issues one (an array of group names): one
 * list item per group, as text. No card at all without the claim, since then nothing is known.
 */
function renderGroups(groups: unknown) {
  if (!Array.isArray(groups)) return null;
  const names = groups.filter((g): g is string => typeof g === 'string');
  return html`
    <section class="card" aria-labelledby="groups">
      <h2 id="groups">Your groups</h2>
      ${
        names.length === 0
          ? html`<p>You are in no groups this app is told about.</p>`
          : html`<ul class="groups">
              ${names.map((name) => html`<li>${name}</li>`)}
            </ul>`
      }
    </section>
  `;
}

function amrInWords(amr: unknown): string {
  if (!Array.isArray(amr) || amr.length === 0) return 'Not stated';
  return list.format(amr.map((method) => AMR_WORDS[String(method)] ?? String(method)));
}

/** Claims and `expiresAt` are seconds since the epoch. */
function renderTime(seconds: number | undefined) {
  const date = new Date((seconds ?? Number.NaN) * 1000);
  if (Number.isNaN(date.getTime())) return 'Unknown';
  return html`<time datetime=${date.toISOString()}>${dateTime.format(date)}</time>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'user-dashboard': UserDashboard;
  }
}
