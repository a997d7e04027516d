import { msg, str } from '@lit/localize';
import { ContextProvider } from '@lit/context';
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { createProtectedApi } from '../api-client';
import { apiContext } from '../api-context';
import type { OktaAuth } from '../auth/auth';
import { AuthController } from '../auth/auth-controller';
import { classifyOrgError } from '../auth/org-errors';
import { explainSignInRedirectError } from '../auth/redirect-errors';
import type { RenewalOutcome, TokenRenewer } from '../auth/renewal';
import { ClientSetupError, type PortalSession } from '../auth/session';
import type { CompleteSignInRequestEvent, RenewTokensRequestEvent } from '../events';
import { RouterController } from '../router-controller';
import { BRAND } from '../brand';
import { PRODUCT, safeNextPath } from '../routes';
import './user-menu';

/** Set just before leaving for the org's logout, read once when the portal is back: "You have signed out." */
const SIGNED_OUT_KEY = 'portal.signed-out';

/** The flag sign-out left, taken (so a reload doesn't repeat the notice). Storage may be unavailable. */
function takeSignedOutFlag(): boolean {
  try {
    const set = sessionStorage.getItem(SIGNED_OUT_KEY) === '1';
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    return set;
  } catch {
    return false;
  }
}

function setSignedOutFlag(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(SIGNED_OUT_KEY, '1');
    else sessionStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // Without storage the notice is lost, nothing else.
  }
}

/**
 * What main.ts hands the shell once, at boot: the session (auth-js loads behind it on demand), or the
 * reasons there is none.
 */
export type PortalSetup = { ok: true; session: PortalSession } | { ok: false; problems: string[] };

const signedIn = (): string => msg('You are signed in.', { id: 'shell.signed-in' });

/**
 * The application shell: header, notices, the current route's page, and the one place that owns the
 * session (sign-out, renewal, reauthentication, the redirect callback). The router controller keeps the
 * URL and runs the route table's guards; pages get state as properties (and context) and send intent up
 * as events. Each page is its own lazy chunk (routes.ts): the shell renders its tag, and it upgrades when
 * its module arrives.
 *
 * Light DOM, styled by styles/portal.css: the Sign-In Widget looks its elements up in `document`, so no
 * ancestor of <okta-sign-in-host> may be a shadow root.
 */
@customElement('portal-app')
export class PortalApp extends LitElement {
  private auth?: AuthController;
  /** The protected API for <messages-panel>, built from the setup. */
  private readonly api = new ContextProvider(this, { context: apiContext });
  /** Guards only once there is a session to decide by: a misconfigured portal stays where it is. */
  private readonly router = new RouterController(this, {
    status: () => (this.setup?.ok ? this.auth?.snapshot.status : undefined),
    linkFollowed: () => this.handleLinkFollowed(),
  });

  @query('main') private main?: HTMLElement;

  /** Visible, persistent message (e.g. sign-out only half worked). */
  @state() private notice = '';
  /** Screen-reader announcement of a status change that has no visible text of its own. */
  @state() private announcement = '';
  @state() private signingOut = false;
  @state() private callbackError?: string;
  /** auth-js refused the settings once it was loaded (see session.ts). */
  @state() private clientProblem?: string;
  /** The callback URL being completed, so each redirect is exchanged exactly once. */
  private callbackHandled?: string;

  /** Set once by main.ts. */
  @property({ attribute: false }) setup?: PortalSetup;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (takeSignedOutFlag()) this.notice = msg('You have signed out.', { id: 'shell.signed-out' });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('setup') && this.setup?.ok && !this.auth) {
      const { session } = this.setup;
      this.auth = new AuthController(this, session);
      const { apiUrl } = session.config;
      if (apiUrl) this.api.setValue(createProtectedApi(apiUrl, session));
      this.watchClient(session);
    }
    // Screen readers find the announcement long after it was made: it must never outlive the session.
    if (this.announcement === signedIn() && this.auth?.snapshot.status !== 'signed-in') this.announcement = '';
  }

  protected override updated(): void {
    document.title =
      this.setup?.ok === false || this.clientProblem
        ? msg(str`Configuration problem · ${PRODUCT}`, { id: 'title.config-problem' })
        : this.router.route.title;
  }

  /**
   * At boot, only a stored session loads auth-js, and a fresh one only when its tokens are due
   * (session.ts); when auth-js refuses the settings, that is the page.
   */
  private watchClient(session: PortalSession): void {
    if (session.bootStatus === 'pending' && !session.storedSession()) this.client().catch(() => undefined);
  }

  /** The client, for the shell and its actions; a refusal of the settings shows as the config page. */
  private async client(): Promise<OktaAuth> {
    if (!this.setup?.ok) throw new Error('The portal is misconfigured.');
    try {
      return await this.setup.session.client();
    } catch (error) {
      if (error instanceof ClientSetupError) this.clientProblem = error.message;
      throw error;
    }
  }

  /** The client's renewer, loaded (and failing) with it. */
  private async renewer(): Promise<TokenRenewer> {
    await this.client();
    if (!this.setup?.ok) throw new Error('The portal is misconfigured.');
    return this.setup.session.renewer();
  }

  /**
   * Sign-ins that went through the org come back here: an authorization code (redirect sign-in), an
   * interaction code (e.g. an emailed magic link), or an error. Then on to where the user was going
   * (saved by signInWithRedirect, checked like `?next=`), else the dashboard; the callback URL, with its
   * one-time code, leaves the history.
   */
  private async completeRedirect(session: PortalSession, href: string): Promise<void> {
    try {
      const originalUri = await session.completeRedirect(href);
      this.router.navigate(safeNextPath(originalUri ?? null, window.location.origin) ?? '/dashboard', { replace: true });
    } catch (error) {
      // In words (redirect-errors.ts): a state mismatch, the org's refusal, a network failure.
      this.callbackError = explainSignInRedirectError(error);
    }
  }

  /** <callback-page> is showing a redirect from the org: complete it, once per URL. */
  private handleCompleteSignInRequest(event: CompleteSignInRequestEvent): void {
    if (!this.setup?.ok || this.callbackHandled === event.href) return;
    this.callbackHandled = event.href;
    this.callbackError = undefined;
    void this.completeRedirect(this.setup.session, event.href);
  }

  private handleLinkFollowed(): void {
    this.notice = '';
    // Like a page load, start the next Tab from the new content rather than from the clicked link.
    void this.updateComplete.then(() => this.main?.focus());
  }

  /** Focus, not just scroll: the next Tab must start inside the main content. */
  private handleSkip(event: Event): void {
    event.preventDefault();
    this.main?.focus();
  }

  private handleSignedIn(): void {
    // A notice such as "sign in again" has served its purpose.
    this.notice = '';
    this.announcement = signedIn();
  }

  /**
   * The API refused the access token (revoked, forged, or signed by a key the org no longer has): the
   * stored tokens are of no further use. Once the auth state says so, the dashboard's guard sends the
   * user to /login?next=/dashboard.
   */
  private async handleReauthenticateRequest(): Promise<void> {
    if (!this.setup?.ok) return;
    const authClient = await this.client();
    // Best effort: a refresh token dropped here must not stay usable at the org.
    await authClient.revokeRefreshToken().catch(() => undefined);
    authClient.tokenManager.clear();
    this.notice = msg('Your session is no longer valid. Please sign in again.', { id: 'shell.session-invalid' });
    await authClient.authStateManager.updateAuthState();
  }

  /** "Renew now": the shell owns the session, so it renews and tells the asking element how it went. */
  private handleRenewRequest(event: RenewTokensRequestEvent): void {
    if (!this.setup?.ok) return;
    event.respondWith(this.renewTokens());
  }

  /**
   * With a refresh token this is one token request that replaces all three tokens; the auth state (and
   * so every component) follows through the tokenManager's events. The org unreachable: the renewer
   * keeps the tokens and retries, and <token-status> says so. The org refused: the renewer has cleared
   * the tokens, and the dashboard's guard leads to sign-in, under this notice.
   */
  private async renewTokens(): Promise<RenewalOutcome> {
    let renewer: TokenRenewer;
    try {
      renewer = await this.renewer();
    } catch {
      throw new Error(
        msg('The portal could not load what it needs to renew. Check your connection and try again.', { id: 'shell.renew-not-loaded' }),
      );
    }
    const outcome = await renewer.renewNow();
    if (outcome === 'refused') {
      this.notice = msg('Your session could not be renewed, so it has ended. Please sign in again.', { id: 'shell.renew-ended' });
      const authClient = await this.client();
      await authClient.authStateManager.updateAuthState();
    }
    return outcome;
  }

  private async handleSignOutRequest(): Promise<void> {
    if (!this.setup?.ok || this.signingOut) return;
    const { config } = this.setup.session;
    this.signingOut = true;
    let authClient: OktaAuth;
    try {
      authClient = await this.client();
    } catch {
      // The auth-js chunk did not load (offline?): nothing has changed yet, so trying again is safe.
      this.signingOut = false;
      this.notice = msg('Signing out failed: the portal could not load what it needs. Check your connection and try again.', {
        id: 'shell.sign-out-not-loaded',
      });
      return;
    }
    try {
      // Revokes the tokens, then leaves for the org's /v1/logout, which redirects back to `/`, where the
      // flag becomes "You have signed out".
      setSignedOutFlag(true);
      await authClient.signOut({ postLogoutRedirectUri: config.postLogoutRedirectUri });
    } catch (error) {
      setSignedOutFlag(false);
      // Never leave the user signed in locally because the org could not be reached: they asked to leave.
      authClient.tokenManager.clear();
      await authClient.authStateManager.updateAuthState();
      this.signingOut = false;
      this.router.navigate('/');
      this.notice =
        classifyOrgError(error) === 'transient'
          ? msg(
              "You are signed out of this portal, but your sign-in service can't be reached right now, so your Okta session could not be ended.",
              { id: 'shell.sign-out-org-unreachable' },
            )
          : msg('You are signed out of this portal, but your Okta session could not be ended.', { id: 'shell.sign-out-org-session' });
    }
  }

  override render() {
    return html`
      <div
        @signed-in=${this.handleSignedIn}
        @complete-sign-in-request=${this.handleCompleteSignInRequest}
        @sign-out-request=${this.handleSignOutRequest}
        @renew-tokens-request=${this.handleRenewRequest}
        @reauthenticate-request=${this.handleReauthenticateRequest}
      >
        <a class="portal-skip-link" href="#main" @click=${this.handleSkip}>${msg('Skip to main content', { id: 'shell.skip' })}</a>
        <header class="portal-header">
          <div class="portal-header-bar">
            <a class="portal-home" href="/"
              >${BRAND.brand.logoUrl ? html`<img class="portal-logo" src=${BRAND.brand.logoUrl} alt="" width="28" height="28" />` : ''}${PRODUCT}</a
            >
            ${this.renderUser()}
          </div>
        </header>
        <main class="portal-main" id="main" tabindex="-1">
          <p class="portal-notice" role="status">${this.notice}</p>
          ${this.renderPage()}
        </main>
        <p class="portal-visually-hidden" aria-live="polite">${this.announcement}</p>
      </div>
    `;
  }

  /** The signed-in user's menu; nothing while signed out or not known yet. */
  private renderUser() {
    const snapshot = this.auth?.snapshot;
    if (!this.setup?.ok || this.clientProblem || snapshot?.status !== 'signed-in') return '';
    const claims = snapshot.idToken?.claims;
    const name = claims?.name ?? claims?.preferred_username ?? '';
    return html`<user-menu .name=${name} .email=${claims?.email ?? ''} .signingOut=${this.signingOut}></user-menu>`;
  }

  private renderPage() {
    const { setup } = this;
    if (!setup) return html`<p role="status">${msg('Loading the portal…', { id: 'shell.loading' })}</p>`;
    if (!setup.ok) return this.renderConfigError(setup.problems);
    if (this.clientProblem) return this.renderConfigError([this.clientProblem]);
    const { session } = setup;
    const page = unsafeStatic(this.router.route.tag);
    // Every page gets the same inputs (routes.ts: PageInputs) and declares the ones it uses.
    return staticHtml`<${page}
      class="portal-page"
      .session=${session}
      .status=${this.auth?.snapshot.status ?? 'pending'}
      .url=${this.router.url}
      .signingOut=${this.signingOut}
      .devorgConsoleUrl=${session.config.devorgConsoleUrl}
      .callbackError=${this.callbackError}
    ></${page}>`;
  }

  private renderConfigError(problems: string[]) {
    return html`
      <h1>The portal is misconfigured</h1>
      <p>It cannot talk to Okta until these settings are fixed:</p>
      <ul class="portal-problems">
        ${problems.map((problem) => html`<li>${problem}</li>`)}
      </ul>
      <p class="portal-muted">
        Set them in <code>.env.local</code> (or the Okta CLI's <code>.okta.env</code>) and restart the dev server, or leave
        <code>VITE_OKTA_ISSUER</code> unset to use devorg, the local Okta org.
      </p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-app': PortalApp;
  }
}
