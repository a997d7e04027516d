import { msg, str } from '@lit/localize';
import { consume } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { authContext, type AuthSnapshot } from '../auth/auth-context';
import { ORG_UNREACHABLE } from '../auth/org-errors';
import { RenewTokensRequestEvent } from '../events';
import { sharedStyles } from './shared-styles';

/** In the browser's locale, e.g. "10:42 AM" or "10:42". */
const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

type RenewPhase = { kind: 'idle' } | { kind: 'renewing' } | { kind: 'failed'; message: string };

/** While the org can't be reached: the session is kept and renewal retried (renewal.ts). */
export const RENEWAL_UNREACHABLE = `${ORG_UNREACHABLE} You're still signed in; we'll retry.`;

/**
 * How long the access token has left, counting down live, and a "Renew now" action.
 *
 * Screen readers: the countdown changes every second, so it is deliberately *not* a live region (it
 * would talk over everything); users read it when they want it. Only events are announced, politely:
 * a renewal (automatic or requested) and a failed renewal, by a live region that is also visible
 * (everyone sees the renewal confirmed, with the new expiry as a time of day); and an
 * org that can't be reached by the visible message itself, a live region of its own, so the words are
 * on the page once. It is said when the outage begins and after each "Renew now" (it empties while
 * renewing), not at every automatic retry.
 *
 * @fires renew-tokens-request - the user asked to renew now; the shell renews and responds.
 */
@customElement('token-status')
export class TokenStatus extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        margin-top: var(--portal-space-4);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--portal-space-3) var(--portal-space-4);
      }
      .row p {
        margin: 0;
      }
      .expired {
        color: var(--portal-danger);
      }
      .unreachable {
        margin: var(--portal-space-3) 0 0;
      }
      /* Kept in the page while empty: a live region must exist before its words arrive. */
      .unreachable:empty {
        margin: 0;
      }
      /* Visible, and a polite live region: the confirmation is for everyone, said once to screen readers. */
      .announcement {
        margin: var(--portal-space-3) 0 0;
        color: var(--portal-text-muted);
      }
      .announcement:empty {
        margin: 0;
      }
    `,
  ];

  private ticker?: ReturnType<typeof setInterval>;

  /** Milliseconds since the epoch, refreshed every second while connected. */
  @state() private now = Date.now();
  @state() private phase: RenewPhase = { kind: 'idle' };
  /** Text for the polite live region; only set on events, never on a tick. */
  @state() private announcement = '';

  /** The signed-in user's tokens; provided by the shell's AuthController, or set directly. */
  @consume({ context: authContext, subscribe: true })
  @property({ attribute: false })
  auth?: AuthSnapshot;

  override connectedCallback(): void {
    super.connectedCallback();
    this.now = Date.now();
    this.ticker = setInterval(() => {
      this.now = Date.now();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('auth')) return;
    const before = changed.get('auth')?.accessToken;
    const after = this.auth?.accessToken;
    // A new access token replacing an old one is a renewal, whoever triggered it (auto-renew, another tab).
    if (before && after && before.accessToken !== after.accessToken) {
      this.now = Date.now();
      // A time, not a duration: the confirmation stays on the page and must stay true as the clock runs.
      this.announcement = msg(str`Access token renewed. It now expires at ${timeOfDay.format(new Date(after.expiresAt * 1000))}.`, {
        id: 'token.renewed',
      });
      if (this.phase.kind === 'failed') this.phase = { kind: 'idle' };
    }
  }

  private async handleRenew(): Promise<void> {
    if (this.phase.kind === 'renewing') return;
    this.phase = { kind: 'renewing' };
    this.announcement = '';
    const request = new RenewTokensRequestEvent();
    this.dispatchEvent(request);
    try {
      const outcome = await request.result;
      // `unreachable`: the auth state says so (renewal.ts), and the outage message shows it again.
      this.phase = outcome === 'refused' ? { kind: 'failed', message: 'your session has ended.' } : { kind: 'idle' };
      if (outcome === 'refused')
        this.announcement = msg('Renewing the access token failed: your session has ended.', { id: 'token.refused' });
    } catch (error) {
      // The shell words its rejections for people (events.ts).
      const message = error instanceof Error && error.message ? error.message : 'unknown error';
      this.phase = { kind: 'failed', message };
      this.announcement = msg(str`Renewing the access token failed: ${message}`, { id: 'token.failed' });
    }
  }

  override render() {
    const accessToken = this.auth?.accessToken;
    if (!accessToken) return html`<p>${msg('No access token.', { id: 'token.none' })}</p>`;
    const leftMs = accessToken.expiresAt * 1000 - this.now;
    const renewing = this.phase.kind === 'renewing';
    const outage = this.auth?.renewal?.state === 'unreachable' && this.phase.kind === 'idle' ? RENEWAL_UNREACHABLE : '';
    return html`
      <div class="row">
        <p>
          ${
            leftMs > 0
              ? msg(html`Access token expires in <time datetime=${isoDuration(leftMs)}>${durationInWords(leftMs)}</time>`, {
                  id: 'token.expires-in',
                })
              : msg(html`Access token <strong class="expired">has expired</strong>`, { id: 'token.expired' })
          }
        </p>
        <button class="button" type="button" ?disabled=${renewing} @click=${this.handleRenew}>
          ${renewing ? msg('Renewing…', { id: 'token.renewing' }) : msg('Renew now', { id: 'token.renew' })}
        </button>
      </div>
      <p class="unreachable" role="status">${outage}</p>
      <p class="announcement ${this.phase.kind === 'failed' ? 'expired' : ''}" role="status">${this.announcement}</p>
    `;
  }
}

/** Rounded up: "1 s" left until it has really expired, never a premature "0 s". */
function parts(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** "1 h 5 min", "4 min 12 s", "45 s": seconds only matter in the last hour. */
export function durationInWords(ms: number): string {
  const { h, m, s } = parts(ms);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

function isoDuration(ms: number): string {
  const { h, m, s } = parts(ms);
  return `PT${h}H${m}M${s}S`;
}

declare global {
  interface HTMLElementTagNameMap {
    'token-status': TokenStatus;
  }
}
