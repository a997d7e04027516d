import { msg } from '@lit/localize';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, queryAll, query, state } from 'lit/decorators.js';
import { SignOutRequestEvent } from '../events';

/**
 * "Ada Lovelace" → "AL"; "Ada Tester 2" → "AT" (words with a letter first); "ada@example.com" → "A";
 * nothing usable → "?". First letters, rendered as text.
 */
export function initialsOf(name: string): string {
  const letter = /\p{L}/u;
  const words = name
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  const lettered = words.filter((w) => letter.test(w));
  const chosen = lettered.length ? lettered : words;
  const first = (w: string | undefined) => (w ? ([...w].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '') : '');
  const letters = chosen.length > 1 ? first(chosen[0]) + first(chosen[chosen.length - 1]) : first(chosen[0]);
  return letters.toLocaleUpperCase() || '?';
}

/**
 * The signed-in user in the header: initials and name on a menu button (WAI-ARIA menu button pattern)
 * whose menu leads to the dashboard and the account page, or signs out. Keyboard: Enter, Space or
 * ArrowDown open it on the first item, ArrowUp on the last; inside, the arrows, Home and End move,
 * Escape closes it back onto the button, Tab closes it and moves on. A click elsewhere closes it.
 *
 * The name comes from the ID token: it is rendered as text only.
 *
 * @fires sign-out-request - "Sign out" was chosen; the shell performs it and sets `signingOut`.
 */
@customElement('user-menu')
export class UserMenu extends LitElement {
  static override styles = css`
    :host {
      position: relative;
      display: block;
    }
    :focus-visible {
      outline: var(--portal-focus-ring);
      outline-offset: 2px;
    }
    button.trigger {
      display: flex;
      align-items: center;
      gap: var(--portal-space-2);
      min-height: 2.75rem;
      padding: 0 var(--portal-space-2);
      border: 1px solid transparent;
      border-radius: var(--portal-radius);
      background: none;
      color: var(--portal-text);
      font: inherit;
      cursor: pointer;
    }
    button.trigger:hover,
    button.trigger[aria-expanded='true'] {
      border-color: var(--portal-border);
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      width: 2rem;
      height: 2rem;
      border-radius: 50%;
      background: var(--portal-accent);
      color: var(--portal-on-accent);
      font-size: 0.8125rem;
      font-weight: 700;
      flex: none;
    }
    .name {
      max-width: 14rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* A phone: the avatar alone; the button keeps the name as its accessible name. */
    @media (max-width: 30rem) {
      .name {
        display: none;
      }
    }
    [role='menu'] {
      position: absolute;
      right: 0;
      top: calc(100% + var(--portal-space-1));
      z-index: 10;
      min-width: 12rem;
      margin: 0;
      padding: var(--portal-space-1) 0;
      list-style: none;
      background: var(--portal-surface);
      border: 1px solid var(--portal-border);
      border-radius: var(--portal-radius);
      box-shadow: var(--portal-shadow);
    }
    [role='menu'][hidden] {
      display: none;
    }
    [role='menuitem'] {
      display: block;
      box-sizing: border-box;
      width: 100%;
      padding: var(--portal-space-2) var(--portal-space-4);
      border: 0;
      background: none;
      color: var(--portal-text);
      font: inherit;
      text-align: start;
      text-decoration: none;
      cursor: pointer;
    }
    [role='menuitem']:hover,
    [role='menuitem']:focus {
      background: var(--portal-surface-muted, var(--portal-border));
      outline: none;
    }
    [role='menuitem'][aria-disabled='true'] {
      cursor: progress;
      opacity: 0.7;
    }
  `;

  /** The name to show (the ID token's `name`, else its `preferred_username`). */
  @property() name = '';
  /** The fallback when the token has no name (the ID token's `email`). */
  @property() email = '';
  /** The shell is signing out: "Sign out" says so and can't be chosen twice. */
  @property({ type: Boolean }) signingOut = false;

  @state() private open = false;
  @query('button.trigger') private trigger?: HTMLButtonElement;
  @queryAll('[role="menuitem"]') private items!: NodeListOf<HTMLElement>;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('click', this.handleDocumentClick);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('click', this.handleDocumentClick);
    super.disconnectedCallback();
  }

  private readonly handleDocumentClick = (event: MouseEvent): void => {
    if (this.open && !event.composedPath().includes(this)) this.open = false;
  };

  /** Opens on the given item (first or last); focus moves once the menu is visible. */
  private async show(at: 'first' | 'last'): Promise<void> {
    this.open = true;
    await this.updateComplete;
    const items = [...this.items];
    (at === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  private close(refocus: boolean): void {
    this.open = false;
    if (refocus) this.trigger?.focus();
  }

  private handleTriggerClick(event: MouseEvent): void {
    // A pointer click toggles; Enter and Space also arrive as clicks (detail 0) and open on the first item.
    if (this.open) this.close(true);
    else void this.show('first');
    event.stopPropagation();
  }

  private handleTriggerKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  private handleMenuKeydown(event: KeyboardEvent): void {
    const items = [...this.items];
    const at = items.indexOf(event.composedPath()[0] as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(at + 1);
      case 'ArrowUp':
        return move(at - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'Escape':
        event.preventDefault();
        return this.close(true);
      case 'Tab':
        // Focus moves on by itself; the menu must not stay open behind it.
        return this.close(false);
      case ' ':
        // Space activates a link item too, as Enter does.
        if (event.composedPath()[0] instanceof HTMLAnchorElement) {
          event.preventDefault();
          (event.composedPath()[0] as HTMLAnchorElement).click();
        }
        return;
    }
  }

  /** A link chosen: the shell's router takes the click; the menu closes. */
  private handleLinkClick(): void {
    this.open = false;
  }

  private handleSignOut(): void {
    if (this.signingOut) return;
    this.open = false;
    this.dispatchEvent(new SignOutRequestEvent());
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The items leave the page with the session: nothing to keep open.
    if (changed.has('name') && !this.name) this.open = false;
  }

  override render() {
    const label = this.name || this.email;
    return html`
      <button
        class="trigger"
        type="button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="user-menu-items"
        aria-label=${msg('Account menu', { id: 'user-menu.button' }) + (label ? `: ${label}` : '')}
        @click=${this.handleTriggerClick}
        @keydown=${this.handleTriggerKeydown}
      >
        <span class="avatar" aria-hidden="true">${initialsOf(label)}</span>
        <span class="name" aria-hidden="true">${label}</span>
      </button>
      <ul
        id="user-menu-items"
        role="menu"
        aria-label=${msg('Account menu', { id: 'user-menu.button' })}
        ?hidden=${!this.open}
        @keydown=${this.handleMenuKeydown}
      >
        <li role="none">
          <a role="menuitem" tabindex="-1" href="/dashboard" @click=${this.handleLinkClick}
            >${msg('Dashboard', { id: 'user-menu.dashboard' })}</a
          >
        </li>
        <li role="none">
          <a role="menuitem" tabindex="-1" href="/account" @click=${this.handleLinkClick}>${msg('Account', { id: 'user-menu.account' })}</a>
        </li>
        <li role="none">
          <button
            role="menuitem"
            tabindex="-1"
            type="button"
            aria-disabled=${this.signingOut ? 'true' : 'false'}
            @click=${this.handleSignOut}
          >
            ${this.signingOut ? msg('Signing out…', { id: 'user-menu.signing-out' }) : msg('Sign out', { id: 'user-menu.sign-out' })}
          </button>
        </li>
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-menu': UserMenu;
  }
}
