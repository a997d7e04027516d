import { consume } from '@lit/context';
import type { UserClaims } from '@okta/okta-auth-js';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { authContext, type AuthSnapshot } from '../auth/auth-context';
import { SignOutRequestEvent } from '../events';
import { amrInWords, epochSeconds, formatDateTime, localeInWords, timeZoneInWords } from './claim-words';
import './id-token-claims';
import './messages-panel';
import { sharedStyles } from './shared-styles';
import './token-status';

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
        grid-template-columns: max-content minmax(0, 1fr);
        gap: var(--portal-space-2) var(--portal-space-4);
        margin: 0;
      }
      dt {
        color: var(--portal-text-muted);
      }
      dd {
        margin: 0;
        /* Breaks a long address only when it can't fit on a line of its own, never mid-word otherwise. */
        overflow-wrap: break-word;
        min-width: 0;
      }
      /* A phone: each label above its value, so labels never squeeze the values. (A media query, not a
         container query: lit-analyzer's CSS check doesn't know those yet.) */
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          gap: 0;
        }
        dd + dt {
          margin-top: var(--portal-space-3);
        }
      }
      id-token-claims {
        margin-bottom: var(--portal-space-5);
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
          <dl>${renderProfile(claims)}</dl>
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
      <id-token-claims .claims=${claims}></id-token-claims>
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

/**
 * Name, email, locale and time zone from the ID token. The username only when it differs from the
 * email (on most orgs the login is the email address: one value, shown once).
 */
function renderProfile(claims: UserClaims) {
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  const username = typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;
  const rows: [string, string][] = [
    ['Name', typeof claims.name === 'string' ? claims.name : 'Not shared'],
    ['Email', email ?? 'Not shared'],
    ...(username && username !== email ? [['Username', username] as [string, string]] : []),
    ['Language and region', localeInWords(claims.locale) ?? 'Not shared'],
    ['Time zone', timeZoneInWords(claims.zoneinfo) ?? 'Not shared'],
  ];
  return rows.map(
    ([term, value]) =>
      html`<dt>${term}</dt>
        <dd>${value}</dd>`,
  );
}

/** Claims and `expiresAt` are seconds since the epoch. */
function renderTime(seconds: number | undefined) {
  const date = epochSeconds(seconds);
  if (!date) return 'Unknown';
  return html`<time datetime=${date.toISOString()}>${formatDateTime(date)}</time>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'user-dashboard': UserDashboard;
  }
}
