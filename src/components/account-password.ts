import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MyAccount } from '../auth/my-account';
import { meets, rulesOf, type PasswordOwner, type PasswordRequirements, type PasswordRule } from '../auth/password-rules';
import { renderFeedback, withStepUp, type Feedback } from './account-feedback';
import { formStyles, sharedStyles } from './shared-styles';

/** The org's rules, once asked: listed and checked as the user types; without them, the org's word after. */
type Rules = { state: 'loading' } | { state: 'ready'; requirements: PasswordRequirements } | { state: 'unknown' };

/**
 * Changing the password through MyAccount (`PUT /idp/myaccount/password`). The org's rules
 * (`complexity-requirements`) are listed before the user types, each marked met or not as they type
 * (hints: password-rules.ts). The org's password policy decides: what it refuses (too short, reused,
 * containing the username…) is shown in its own words, next to the field. The two entries are checked
 * against each other as the user types.
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
      .rules {
        margin: 0;
      }
      .rules ul {
        list-style: none;
        padding: 0;
        margin: var(--portal-space-2) 0 0;
        display: grid;
        gap: var(--portal-space-1);
      }
      .rules li::before {
        content: '○';
        display: inline-block;
        width: 1.5em;
        color: var(--portal-text-muted);
      }
      .rules li.met::before {
        content: '✓';
        color: var(--portal-accent);
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) account?: () => Promise<MyAccount>;
  /** Whose password it is: the username and names a password may not contain. */
  @property({ attribute: false }) owner: PasswordOwner = {};

  @state() private rules: Rules = { state: 'loading' };
  @state() private changing: Feedback = { state: 'idle' };
  @state() private password = '';
  @state() private confirmation = '';

  private rulesFor?: () => Promise<MyAccount>;

  override updated(): void {
    if (this.account && this.rulesFor !== this.account) {
      this.rulesFor = this.account;
      void this.loadRules(this.account);
    }
  }

  private async loadRules(account: () => Promise<MyAccount>): Promise<void> {
    this.rules = { state: 'loading' };
    try {
      const outcome = await (await account()).passwordRequirements();
      this.rules = outcome.ok ? { state: 'ready', requirements: outcome.value } : { state: 'unknown' };
    } catch {
      this.rules = { state: 'unknown' };
    }
  }

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
          aria-describedby="password-rules password-hint"
          @input=${(e: InputEvent) => (this.password = (e.target as HTMLInputElement).value)}
        />
      </label>
      ${this.renderRules()}
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

  /**
   * The rules, each marked met or not for what is typed (in words too, for screen readers), and a polite
   * count of those left, which changes only when one is met or lost.
   */
  private renderRules() {
    const rules = this.rules;
    if (rules.state === 'loading')
      return html`<p class="hint" id="password-rules" role="status">
        ${msg('Loading the password rules…', { id: 'account.password-rules-loading' })}
      </p>`;
    if (rules.state === 'unknown') return html`<span id="password-rules" hidden></span>`;
    const list = rulesOf(rules.requirements.complexity);
    if (!list.length) return html`<span id="password-rules" hidden></span>`;
    const met = list.map((rule) => meets(rule, this.password, this.owner));
    const left = met.filter((m) => !m).length;
    return html`<div class="rules hint" id="password-rules">
      <span id="password-rules-label">${msg('A new password needs:', { id: 'account.password-rules-label' })}</span>
      <ul aria-labelledby="password-rules-label">
        ${list.map(
          (rule, i) =>
            html`<li class=${met[i] ? 'met' : ''}>
              ${ruleText(rule)}<span class="visually-hidden"
                >${met[i] ? msg(' (met)', { id: 'account.password-rule-met' }) : msg(' (not met yet)', { id: 'account.password-rule-unmet' })}</span
              >
            </li>`,
        )}
      </ul>
      ${
        this.password
          ? html`<span class="visually-hidden" aria-live="polite"
              >${
                left === 0
                  ? msg('Every rule is met.', { id: 'account.password-rules-all-met' })
                  : msg(str`${left} of ${list.length} rules not met yet.`, { id: 'account.password-rules-left' })
              }</span
            >`
          : nothing
      }
    </div>`;
  }
}

/** A rule in the user's words. */
function ruleText(rule: PasswordRule): string {
  switch (rule.kind) {
    case 'minLength':
      return msg(str`At least ${rule.count} characters`, { id: 'account.rule-length' });
    case 'minLowerCase':
      return rule.count === 1
        ? msg('A lowercase letter', { id: 'account.rule-lower' })
        : msg(str`At least ${rule.count} lowercase letters`, { id: 'account.rule-lower-n' });
    case 'minUpperCase':
      return rule.count === 1
        ? msg('An uppercase letter', { id: 'account.rule-upper' })
        : msg(str`At least ${rule.count} uppercase letters`, { id: 'account.rule-upper-n' });
    case 'minNumber':
      return rule.count === 1
        ? msg('A number', { id: 'account.rule-number' })
        : msg(str`At least ${rule.count} numbers`, { id: 'account.rule-number-n' });
    case 'minSymbol':
      return rule.count === 1
        ? msg('A symbol', { id: 'account.rule-symbol' })
        : msg(str`At least ${rule.count} symbols`, { id: 'account.rule-symbol-n' });
    case 'excludeUsername':
      return msg('No parts of your username', { id: 'account.rule-username' });
    case 'excludeAttribute':
      return rule.attribute === 'firstName'
        ? msg('Not your first name', { id: 'account.rule-first-name' })
        : rule.attribute === 'lastName'
          ? msg('Not your last name', { id: 'account.rule-last-name' })
          : msg(str`Not your ${rule.attribute}`, { id: 'account.rule-attribute' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'account-password': AccountPassword;
  }
}
