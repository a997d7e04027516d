import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AddableMethod, MyAccount, SecurityMethod } from '../auth/my-account';
import { getLocale } from '../i18n/localize';
import { renderFeedback, renderRefusal, withStepUp, type Feedback, type Refusal } from './account-feedback';
import { sharedStyles } from './shared-styles';

type Load =
  { state: 'loading' } | { state: 'ready'; methods: SecurityMethod[]; addable: AddableMethod[] } | { state: 'failed'; outcome: Refusal };

/** A method being set up on the org's page, kept in this tab across the trip there and back. */
interface PendingAdd {
  kind: string;
  name: string;
  /** The ids of the user's methods of that kind before leaving: a new one is the one set up. */
  had: string[];
}

const PENDING_KEY = 'portal.adding-method';

function readPending(): PendingAdd | undefined {
  try {
    const raw = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    const value: unknown = raw ? JSON.parse(raw) : undefined;
    const p = value as Partial<PendingAdd> | undefined;
    return p && typeof p.kind === 'string' && typeof p.name === 'string' && Array.isArray(p.had)
      ? { kind: p.kind, name: p.name, had: p.had.filter((id): id is string => typeof id === 'string') }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user's security methods (MyAccount authenticator enrollments), each with when it was set up, and
 * removing one after a confirmation. One the org's policy requires (the last of its kind, the password)
 * shows why it stays, and the org refuses it too. A removal long after sign-in asks for a recent one
 * (`withStepUp`), then is made again.
 *
 * Adding one: the authenticators the org marks `enrollable` each have **Set up**, which goes to the org's
 * own page (`addMethod`: auth-js's `enrollAuthenticator`), where the user signs in again and sets it up
 * in the Sign-In Widget; back here, the list is read again and says whether a new one is there.
 */
@customElement('account-security')
export class AccountSecurity extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0 0 var(--portal-space-4);
        display: grid;
        gap: var(--portal-space-3);
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--portal-space-3);
        padding: var(--portal-space-3);
        border: 1px solid var(--portal-border);
        border-radius: var(--portal-radius, 6px);
      }
      .name {
        font-weight: 600;
        margin: 0;
      }
      .meta {
        margin: 0;
        color: var(--portal-text-muted);
      }
      dialog {
        max-width: 28rem;
        border: 1px solid var(--portal-border);
        border-radius: var(--portal-radius, 6px);
        background: var(--portal-surface, Canvas);
        color: inherit;
      }
      .button.secondary {
        background: transparent;
        color: var(--portal-link);
        border-color: var(--portal-border);
      }
      .outcome:focus {
        outline: none;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--portal-space-3);
      }
      [role='status'],
      [role='alert'] {
        margin: 0;
      }
    `,
  ];

  /** The page's MyAccount client. */
  @property({ attribute: false }) account?: () => Promise<MyAccount>;
  /** Leaves for the org's page to set `method` up (resolves if the page stays, rejects if it can't go). */
  @property({ attribute: false }) addMethod?: (method: AddableMethod) => Promise<void>;

  @state() private load: Load = { state: 'loading' };
  @state() private removing: Feedback = { state: 'idle' };
  @state() private adding: Feedback = { state: 'idle' };
  /** The method the confirmation dialog is about. */
  @state() private confirming?: SecurityMethod;
  @query('dialog') private dialog?: HTMLDialogElement;
  private loadedFor?: () => Promise<MyAccount>;

  override updated(): void {
    if (this.account && this.loadedFor !== this.account) {
      this.loadedFor = this.account;
      void this.reload();
    }
  }

  /** Reads the methods again (the page calls it after a sign-in that may have set one up). */
  async reload(): Promise<void> {
    if (!this.account) return;
    this.load = { state: 'loading' };
    try {
      const outcome = await (await this.account()).securityMethods();
      this.load = outcome.ok ? { state: 'ready', ...outcome.value } : { state: 'failed', outcome };
      if (outcome.ok) await this.reportReturn(outcome.value.methods);
    } catch {
      this.load = { state: 'failed', outcome: { ok: false, reason: 'failed', message: couldNotLoad() } };
    }
  }

  /** Back from the org's page: whether the method asked for is there now, said where focus lands. */
  private async reportReturn(methods: SecurityMethod[]): Promise<void> {
    const pending = readPending();
    if (!pending) return;
    const added = methods.some((m) => m.kind === pending.kind && !pending.had.includes(m.id));
    this.adding = added
      ? { state: 'done', text: msg(str`${pending.name} is set up.`, { id: 'account.method-added' }) }
      : {
          state: 'failed',
          outcome: { ok: false, reason: 'failed', message: msg(str`${pending.name} was not set up.`, { id: 'account.method-not-added' }) },
        };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.add-outcome')?.focus();
  }

  private async handleAdd(method: AddableMethod): Promise<void> {
    if (!this.addMethod || this.adding.state === 'busy' || this.load.state !== 'ready') return;
    const pending: PendingAdd = {
      kind: method.kind,
      name: method.name,
      had: this.load.methods.filter((m) => m.kind === method.kind).map((m) => m.id),
    };
    this.adding = { state: 'busy' };
    try {
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
      await this.addMethod(method);
    } catch {
      try {
        sessionStorage.removeItem(PENDING_KEY);
      } catch {
        // Storage is unavailable: nothing was kept.
      }
      this.adding = { state: 'failed', outcome: { ok: false, reason: 'failed', message: couldNotLeave() } };
    }
  }

  private askToRemove(method: SecurityMethod): void {
    this.confirming = method;
    this.removing = { state: 'idle' };
    void this.updateComplete.then(() => this.dialog?.showModal());
  }

  private closeDialog(): void {
    this.dialog?.close();
  }

  /** The dialog closed (Cancel, Escape, or Remove): focus goes back where the user was. */
  private handleDialogClose(): void {
    const method = this.confirming;
    this.confirming = undefined;
    if (method && this.removing.state === 'idle') {
      void this.updateComplete.then(() => this.removeButtonOf(method)?.focus());
    }
  }

  private removeButtonOf(method: SecurityMethod): HTMLElement | null | undefined {
    return this.renderRoot.querySelector<HTMLElement>(`[data-method="${CSS.escape(method.id)}"]`);
  }

  private async handleConfirmRemove(): Promise<void> {
    const method = this.confirming;
    if (!method || !this.account || this.removing.state === 'busy') return;
    this.removing = { state: 'busy' };
    this.closeDialog();
    const account = await this.account();
    const outcome = await withStepUp(this, () => account.removeMethod(method));
    if (outcome.ok) {
      this.removing = { state: 'done', text: msg(str`${method.name} is removed.`, { id: 'account.method-removed' }) };
      await this.reload();
    } else {
      this.removing = { state: 'failed', outcome };
    }
    // The method's button is gone: focus lands on what the removal said, not on the page's top.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.outcome')?.focus();
  }

  override render() {
    return html`${this.renderList()}
      <div class="outcome" tabindex="-1">${renderFeedback(this.removing, msg('Removing…', { id: 'account.removing' }))}</div>
      ${this.renderAdd()} ${this.renderDialog()}`;
  }

  private renderAdd() {
    const load = this.load;
    const outcome = html`<div class="add-outcome outcome" tabindex="-1">
      ${renderFeedback(this.adding, msg('Going to your organization’s sign-in page…', { id: 'account.adding' }))}
    </div>`;
    if (load.state !== 'ready' || load.addable.length === 0 || !this.addMethod) return outcome;
    return html`<h3 id="add-method-heading">${msg('Add a security method', { id: 'account.add-heading' })}</h3>
      <p class="meta">
        ${msg('You sign in again on your organization’s page, set it up there, and come back here.', { id: 'account.add-intro' })}
      </p>
      <ul aria-labelledby="add-method-heading">
        ${load.addable.map(
          (m) =>
            html`<li>
              <p class="name">${m.name}</p>
              <button
                class="button secondary"
                type="button"
                aria-label=${msg(str`Set up ${m.name}`, { id: 'account.add-named' })}
                ?disabled=${this.adding.state === 'busy'}
                @click=${() => this.handleAdd(m)}
              >
                ${msg('Set up', { id: 'account.add' })}
              </button>
            </li>`,
        )}
      </ul>
      ${outcome}`;
  }

  private renderList() {
    const load = this.load;
    if (load.state === 'loading')
      return html`<p role="status">${msg('Loading your security methods…', { id: 'account.methods-loading' })}</p>`;
    if (load.state === 'failed') {
      return html`${renderRefusal(load.outcome)}
        <button class="button" type="button" @click=${this.reload}>${msg('Try again', { id: 'account.try-again' })}</button>`;
    }
    if (load.methods.length === 0) {
      return html`<p>${msg('You have no security methods set up yet.', { id: 'account.methods-none' })}</p>`;
    }
    const date = new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long' });
    return html`<ul aria-label=${msg('Your security methods', { id: 'account.methods-label' })}>
      ${load.methods.map((m) => {
        const when = Number.isNaN(Date.parse(m.created)) ? '' : date.format(new Date(m.created));
        return html`<li>
          <div>
            <p class="name">${m.name}</p>
            ${m.detail ? html`<p class="meta">${m.detail}</p>` : nothing}
            ${
              when
                ? html`<p class="meta">${msg(html`Set up <time datetime=${m.created}>${when}</time>`, { id: 'account.method-set-up' })}</p>`
                : nothing
            }
          </div>
          ${
            m.removal.allowed
              ? html`<button
                  class="button"
                  type="button"
                  data-method=${m.id}
                  aria-label=${msg(str`Remove ${m.name}`, { id: 'account.remove-named' })}
                  ?disabled=${this.removing.state === 'busy'}
                  @click=${() => this.askToRemove(m)}
                >
                  ${msg('Remove', { id: 'account.remove' })}
                </button>`
              : html`<p class="meta">${whyItStays(m)}</p>`
          }
        </li>`;
      })}
    </ul>`;
  }

  private renderDialog() {
    const method = this.confirming;
    return html`<dialog aria-labelledby="remove-title" aria-describedby="remove-detail" @close=${this.handleDialogClose}>
      ${
        method
          ? html`<h3 id="remove-title">${msg(str`Remove ${method.name}?`, { id: 'account.remove-title' })}</h3>
              <p id="remove-detail">
                ${msg('You will no longer be able to sign in or confirm it is you with it. You can set it up again later.', {
                  id: 'account.remove-detail',
                })}
              </p>
              <div class="actions">
                <button class="button" type="button" @click=${this.handleConfirmRemove}>${msg('Remove', { id: 'account.remove' })}</button>
                <button class="button secondary" type="button" autofocus @click=${this.closeDialog}>
                  ${msg('Cancel', { id: 'account.cancel' })}
                </button>
              </div>`
          : nothing
      }
    </dialog>`;
  }
}

const couldNotLeave = (): string =>
  msg('The portal could not reach your organization’s sign-in page. Check your connection and try again.', {
    id: 'account.add-failed',
  });

const couldNotLoad = (): string =>
  msg('The portal could not load what it needs. Check your connection and try again.', { id: 'account.not-loaded' });

function whyItStays(method: SecurityMethod): string {
  return method.kind === 'okta_password'
    ? msg('Change it below; it can’t be removed.', { id: 'account.password-stays' })
    : msg('Your organization requires this one: it can’t be removed.', { id: 'account.method-required' });
}

declare global {
  interface HTMLElementTagNameMap {
    'account-security': AccountSecurity;
  }
}
