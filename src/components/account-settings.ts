import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AccountProfile, AddableMethod, MyAccount } from '../auth/my-account';
import type { PasswordOwner } from '../auth/password-rules';
import type { PortalSession } from '../auth/session';
import { renderFeedback, renderRefusal, withStepUp, type Feedback, type Refusal } from './account-feedback';
import './account-password';
import './account-security';
import { formStyles, sharedStyles } from './shared-styles';

type Load =
  { state: 'loading' } | { state: 'ready'; shown: AccountProfile; all: Record<string, unknown> } | { state: 'failed'; outcome: Refusal };

/**
 * The user's own account: their profile (first and last name), security methods, password and "sign out
 * everywhere else", through Okta's MyAccount API (src/auth/my-account.ts, auth-js's `myaccount`), loaded
 * once it has a session. Each section says when it is loading, saved or refused, in words; a change that
 * needs a recent sign-in asks the page for one (`step-up-request`) and is made again after.
 *
 * @fires step-up-request - a change needs a recent sign-in; <account-page> has the user sign in again.
 */
@customElement('account-settings')
export class AccountSettings extends LitElement {
  static override styles = [
    sharedStyles,
    formStyles,
    css`
      h2 {
        font-size: var(--portal-font-size-h2);
        margin: 0 0 var(--portal-space-4);
      }
      .card {
        margin-bottom: var(--portal-space-5);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--portal-space-2) var(--portal-space-4);
        margin: 0 0 var(--portal-space-4);
      }
      dt {
        color: var(--portal-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @state() private load: Load = { state: 'loading' };
  @state() private saving: Feedback = { state: 'idle' };
  @state() private ending: Feedback = { state: 'idle' };

  /** The portal's session: its auth-js client carries the access token. */
  @property({ attribute: false })
  session?: PortalSession;

  private account?: Promise<MyAccount>;
  private loadedFor?: PortalSession;

  override updated(): void {
    if (this.session && this.loadedFor !== this.session) {
      this.loadedFor = this.session;
      void this.loadProfile();
    }
  }

  /** An arrow, for the sections' `.account` (bound once: a new function would make them load again). */
  private readonly myAccountFor = (): Promise<MyAccount> => this.myAccount();

  /** Setting a method up on the org's page, as this user (its username filled in there), back to this page after. */
  private readonly addMethod = async (method: AddableMethod): Promise<void> => {
    if (!this.session) throw new Error('no session');
    const login = this.load.state === 'ready' ? this.load.shown.login : undefined;
    await this.session.enrollAuthenticator(method.amr, '/account', login || undefined);
  };

  private myAccount(): Promise<MyAccount> {
    const session = this.session;
    if (!session) return Promise.reject(new Error('no session'));
    this.account ??= Promise.all([session.client(), import('../auth/my-account')]).then(([client, m]) => new m.MyAccount(client));
    return this.account;
  }

  private async loadProfile(): Promise<void> {
    this.load = { state: 'loading' };
    let outcome: Awaited<ReturnType<MyAccount['profile']>>;
    try {
      outcome = await (await this.myAccount()).profile();
    } catch {
      this.account = undefined;
      outcome = { ok: false, reason: 'failed', message: 'The portal could not load what it needs. Check your connection and try again.' };
    }
    this.load = outcome.ok ? { state: 'ready', ...outcome.value } : { state: 'failed', outcome };
  }

  private async handleSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.load.state !== 'ready' || this.saving.state === 'busy') return;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const firstName = text('firstName');
    const lastName = text('lastName');
    this.saving = { state: 'busy' };
    const all = this.load.all;
    const account = await this.myAccount();
    const outcome = await withStepUp(this, () => account.updateNames(all, firstName, lastName));
    if (outcome.ok) {
      this.load = { state: 'ready', shown: outcome.value, all: { ...all, firstName, lastName } };
      this.saving = { state: 'done', text: 'Your name is saved.' };
    } else {
      this.saving = { state: 'failed', outcome };
    }
  }

  private async handleEndSessions(): Promise<void> {
    if (this.ending.state === 'busy') return;
    this.ending = { state: 'busy' };
    const account = await this.myAccount();
    const outcome = await withStepUp(this, () => account.signOutEverywhereElse());
    this.ending = outcome.ok
      ? { state: 'done', text: 'You are signed out everywhere else. This browser stays signed in.' }
      : { state: 'failed', outcome };
  }

  /** Whose password it is, for the rules' hints (what a new one may not contain); nothing until the profile is in. */
  private get owner(): PasswordOwner {
    if (this.load.state !== 'ready') return {};
    const { login, firstName, lastName } = this.load.shown;
    return { login, firstName, lastName };
  }

  override render() {
    return html`
      <h1>Your account</h1>
      <p><a href="/dashboard">Back to your dashboard</a></p>
      <section class="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        ${this.renderProfile()}
      </section>
      <section class="card" aria-labelledby="security-heading">
        <h2 id="security-heading">${msg('Security methods', { id: 'account.security-heading' })}</h2>
        <p>${msg('The ways you sign in and confirm it is you, with when each was set up.', { id: 'account.security-intro' })}</p>
        <account-security .account=${this.myAccountFor} .addMethod=${this.addMethod}></account-security>
      </section>
      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">${msg('Change your password', { id: 'account.password-heading' })}</h2>
        <account-password .account=${this.myAccountFor} .owner=${this.owner}></account-password>
      </section>
      <section class="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Sign out of every other browser and device where you are signed in, and end the sign-ins apps keep there.</p>
        <div class="actions">
          <button class="button" type="button" ?disabled=${this.ending.state === 'busy'} @click=${this.handleEndSessions}>
            Sign out everywhere else
          </button>
          ${renderFeedback(this.ending, 'Signing you out everywhere else…')}
        </div>
      </section>
    `;
  }

  private renderProfile() {
    const load = this.load;
    if (load.state === 'loading') return html`<p role="status">Loading your profile…</p>`;
    if (load.state === 'failed') {
      return html`${renderRefusal(load.outcome)} <button class="button" type="button" @click=${this.loadProfile}>Try again</button>`;
    }
    const { shown } = load;
    return html`
      <dl>
        <dt>Email</dt>
        <dd>${shown.email}</dd>
        <dt>Username</dt>
        <dd>${shown.login}</dd>
      </dl>
      <form @submit=${this.handleSave}>
        <label>First name <input name="firstName" autocomplete="given-name" required maxlength="50" .value=${shown.firstName} /></label>
        <label>Last name <input name="lastName" autocomplete="family-name" required maxlength="50" .value=${shown.lastName} /></label>
        <div class="actions">
          <button class="button" type="submit" ?disabled=${this.saving.state === 'busy'}>Save changes</button>
          ${renderFeedback(this.saving, 'Saving…')}
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-settings': AccountSettings;
  }
}
