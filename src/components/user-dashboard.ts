import { msg, str } from '@lit/localize';
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
    if (!idToken) return html`<p>${msg('You are not signed in.', { id: 'dashboard.not-signed-in' })}</p>`;
    const { claims } = idToken;
    const accessToken = this.auth?.accessToken;

    return html`
      <h1>${msg(str`Welcome, ${displayName(claims)}`, { id: 'dashboard.welcome' })}</h1>
      <div class="grid">
        <section class="card" aria-labelledby="profile">
          <h2 id="profile">${msg('Your profile', { id: 'dashboard.profile' })}</h2>
          <dl>${renderProfile(claims)}</dl>
        </section>
        <section class="card" aria-labelledby="session">
          <h2 id="session">${msg('Your session', { id: 'dashboard.session' })}</h2>
          <dl>
            <dt>${msg('Signed in', { id: 'dashboard.signed-in-at' })}</dt>
            <dd>${renderTime(claims.auth_time)}</dd>
            <dt>${msg('How you signed in', { id: 'dashboard.how' })}</dt>
            <dd>${amrInWords(claims.amr)}</dd>
            <dt>${msg('ID token expires', { id: 'dashboard.id-token-expires' })}</dt>
            <dd>${renderTime(idToken.expiresAt)}</dd>
            <dt>${msg('Access token expires', { id: 'dashboard.access-token-expires' })}</dt>
            <dd>${accessToken ? renderTime(accessToken.expiresAt) : msg('No access token', { id: 'dashboard.no-access-token' })}</dd>
          </dl>
          <token-status></token-status>
        </section>
        ${renderGroups(claims.groups)}
      </div>
      <messages-panel></messages-panel>
      <id-token-claims .claims=${claims}></id-token-claims>
      <div class="actions">
        <a href="/account">${msg('Manage your account', { id: 'dashboard.manage-account' })}</a>
        <button class="button" type="button" ?disabled=${this.signingOut} @click=${this.handleSignOut}>
          ${msg('Sign out', { id: 'dashboard.sign-out' })}
        </button>
        <p role="status">${this.signingOut ? msg('Signing you out…', { id: 'dashboard.signing-out' }) : ''}</p>
      </div>
    `;
  }
}

const notShared = (): string => msg('Not shared', { id: 'profile.not-shared' });

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
      <h2 id="groups">${msg('Your groups', { id: 'dashboard.groups' })}</h2>
      ${
        names.length === 0
          ? html`<p>${msg('You are in no groups this app is told about.', { id: 'dashboard.no-groups' })}</p>`
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
    [msg('Name', { id: 'profile.name' }), typeof claims.name === 'string' ? claims.name : notShared()],
    [msg('Email', { id: 'profile.email' }), email ?? notShared()],
    ...(username && username !== email ? [[msg('Username', { id: 'profile.username' }), username] as [string, string]] : []),
    [msg('Language and region', { id: 'profile.locale' }), localeInWords(claims.locale) ?? notShared()],
    [msg('Time zone', { id: 'profile.zone' }), timeZoneInWords(claims.zoneinfo) ?? notShared()],
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
  if (!date) return msg('Unknown', { id: 'dashboard.unknown' });
  return html`<time datetime=${date.toISOString()}>${formatDateTime(date)}</time>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'user-dashboard': UserDashboard;
  }
}
