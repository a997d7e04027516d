import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MyAccount } from '../auth/my-account';
import { renderFeedback, withStepUp, type Feedback } from './account-feedback';
import { formStyles, sharedStyles } from './shared-styles';

/**
 * Changing the password through MyAccount (`PUT /idp/myaccount/password`). The org's password policy
 * decides: what it refuses (too short, reused, containing the username…) is shown in its own words, next
 * to the field. The two entries are checked against each other as the user types.
 */
@customElement('account-password')
export class AccountPassword extends LitElement {
  static override styles = [
    sharedStyles,
    formStyles,
    css`
      .hint {
        margin: 0;
        font-weight: 400;
        color: var(--portal-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) account?: () => Promise<MyAccount>;

  @state() private changing: Feedback = { state: 'idle' };
  @state() private password = '';
  @state() private confirmation = '';

  private get mismatch(): boolean {
    return this.confirmation !== '' && this.confirmation !== this.password;
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Read now: once the event is dispatched, its target is retargeted away from the shadow tree.
    const form = event.currentTarget as HTMLFormElement;
    if (!this.account || this.changing.state === 'busy') return;
    if (this.mismatch || !this.password) return;
    const password = this.password;
    this.changing = { state: 'busy' };
    const account = await this.account();
    const outcome = await withStepUp(this, () => account.changePassword(password));
    if (outcome.ok) {
      this.password = this.confirmation = '';
      form.reset();
      this.changing = { state: 'done', text: msg('Your password is changed.', { id: 'account.password-changed' }) };
    } else {
      this.changing = { state: 'failed', outcome };
    }
  }

  override render() {
    const mismatch = this.mismatch;
    return html`<form @submit=${this.handleSubmit}>
      <label>
        ${msg('New password', { id: 'account.new-password' })}
        <input
          type="password"
          name="password"
          autocomplete="new-password"
          required
          aria-describedby="password-hint"
          @input=${(e: InputEvent) => (this.password = (e.target as HTMLInputElement).value)}
        />
      </label>
      <p class="hint" id="password-hint">
        ${msg('Your organization’s password policy decides what is accepted; if it refuses one, it says why here.', {
          id: 'account.password-hint',
        })}
      </p>
      <label>
        ${msg('Confirm new password', { id: 'account.confirm-password' })}
        <input
          type="password"
          name="confirmation"
          autocomplete="new-password"
          required
          aria-invalid=${mismatch ? 'true' : 'false'}
          aria-describedby="confirmation-hint"
          @input=${(e: InputEvent) => (this.confirmation = (e.target as HTMLInputElement).value)}
        />
      </label>
      <p class="hint" id="confirmation-hint" aria-live="polite">
        ${mismatch ? msg('The two passwords differ.', { id: 'account.password-mismatch' }) : ''}
      </p>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.changing.state === 'busy'}>
          ${msg('Change password', { id: 'account.change-password' })}
        </button>
        ${renderFeedback(this.changing, msg('Changing your password…', { id: 'account.password-changing' }))}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-password': AccountPassword;
  }
}
