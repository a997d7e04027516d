import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { classifyOrgError, orgUnreachableSigningIn } from '../auth/org-errors';
import type { PortalSession } from '../auth/session';
import { checkDiscovery } from '../org-diagnostics';
import { sharedStyles } from './shared-styles';

type Phase = { kind: 'idle' } | { kind: 'redirecting' } | { kind: 'error'; message: string; detail?: string };

/**
 * A mark on the history entry of the page that sent the browser to the org: when Back brings the user
 * here from the org's sign-in page, they meant to leave it, so it doesn't send them there again.
 */
const STARTED_KEY = 'portalRedirectSignInStarted';

/**
 * Redirect sign-in (`VITE_OKTA_SIGN_IN=redirect`): "Sign in" sends the browser to the org's own sign-in
 * page through auth-js's `signInWithRedirect()` (the session's core client, no widget), keeping where
 * the user was going; the org sends it back to /login/callback.
 *
 * Someone who opens the sign-in page (the landing page's "Sign in", or a protected page while signed
 * out) has asked to sign in, so with `auto-start` it goes to the org at once, saying so in a status; the
 * button is there when that doesn't happen: after Back from the org's page, or when the request could not
 * be made (the org unreachable or misconfigured: said in words, with the button to try again).
 */
@customElement('redirect-sign-in')
export class RedirectSignIn extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .status:empty {
        margin: 0;
      }
      .error {
        color: var(--portal-danger);
      }
    `,
  ];

  @state() private phase: Phase = { kind: 'idle' };

  /** The portal's session: its core client makes the authorization request. */
  @property({ attribute: false }) session?: PortalSession;

  /** Where to go once signed in: a same-origin path the page has already checked (`safeNextPath`). */
  @property({ attribute: false }) next?: string;

  /** Go to the org as soon as the page shows, unless this history entry already did. */
  @property({ type: Boolean, attribute: 'auto-start' }) autoStart = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.handlePageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.handlePageShow);
  }

  protected override firstUpdated(): void {
    if (this.autoStart && !startedFromThisEntry()) void this.start();
  }

  private async start(): Promise<void> {
    if (this.phase.kind === 'redirecting') return;
    const { session } = this;
    if (!session) {
      this.phase = { kind: 'error', message: 'The sign-in page is missing its configuration.' };
      return;
    }
    this.phase = { kind: 'redirecting' };
    markStarted();
    try {
      // Resolves as the browser leaves; stays "redirecting" until it has.
      await session.signInWithRedirect(this.next);
    } catch (error) {
      // auth-js reads the org's discovery first: name what is wrong with the org settings if that's it.
      const problem = await checkDiscovery(session.config, window.location.origin).catch(() => undefined);
      if (problem) this.phase = { kind: 'error', message: problem.title, detail: problem.detail };
      else if (classifyOrgError(error) === 'transient') this.phase = { kind: 'error', message: orgUnreachableSigningIn() };
      else this.phase = { kind: 'error', message: `Signing in failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private handleClick(): void {
    void this.start();
  }

  /** Back from the org's page restored this page from the back/forward cache, still "redirecting". */
  private readonly handlePageShow = (event: PageTransitionEvent): void => {
    if (event.persisted && this.phase.kind === 'redirecting') this.phase = { kind: 'idle' };
  };

  override render() {
    const { phase } = this;
    const redirecting = phase.kind === 'redirecting';
    return html`
      <p>You sign in on your organization's sign-in page, then come back here.</p>
      <!-- aria-disabled rather than disabled: a disabled button would drop the keyboard focus. -->
      <button class="button" type="button" aria-disabled=${redirecting ? 'true' : 'false'} @click=${this.handleClick}>Sign in</button>
      <p class="status" role="status">${redirecting ? "Taking you to your organization's sign-in page…" : ''}</p>
      ${
        phase.kind === 'error'
          ? html`<div class="error" role="alert">
              <p>${phase.message}</p>
              ${phase.detail ? html`<p>${phase.detail}</p>` : ''}
            </div>`
          : ''
      }
    `;
  }
}

function startedFromThisEntry(): boolean {
  const current: unknown = window.history.state;
  return typeof current === 'object' && current !== null && (current as Record<string, unknown>)[STARTED_KEY] === true;
}

function markStarted(): void {
  const current: unknown = window.history.state;
  const base = typeof current === 'object' && current !== null ? current : {};
  window.history.replaceState({ ...base, [STARTED_KEY]: true }, '');
}

declare global {
  interface HTMLElementTagNameMap {
    'redirect-sign-in': RedirectSignIn;
  }
}
