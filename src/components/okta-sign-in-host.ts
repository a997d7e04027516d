import { msg, str } from '@lit/localize';
import type { EventContext, EventErrorContext, OktaSignIn } from '@okta/okta-signin-widget/oie';
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { IdxClient } from '../auth/idx-auth';
import { classifyOrgError, orgUnreachableSigningIn } from '../auth/org-errors';
import type { PortalSession } from '../auth/session';
import type { SignInStart } from '../auth/sign-in-start';
import { SignedInEvent } from '../events';
import { browserLanguages, widgetLanguage } from '../i18n/languages';
import { getLocale } from '../i18n/localize';
import { loadWidget } from '../lazy';
import { explainOrgError, type OrgProblem } from '../org-diagnostics';
import { ROUTES } from '../routes';

/** The two query parameters of an email's magic link. */
export interface EmailLink {
  otp: string;
  state: string;
}

/** The magic link `url` carries, if it is one (auth-js's `isEmailVerifyCallback`: both parameters). */
export function emailLinkOf(url: URL): EmailLink | undefined {
  const otp = url.searchParams.get('otp');
  const state = url.searchParams.get('state');
  return otp && state ? { otp, state } : undefined;
}

type Phase = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string; detail?: string };

/** The widget resolves its DOM through fixed ids in `document`; ours must differ from its `#okta-sign-in`. */
const CONTAINER_ID = 'portal-sign-in-widget';

/** Where the widget keeps the last username it was given (its CookieUtil's LAST_USERNAME_COOKIE_NAME). */
const REMEMBERED_USERNAME_COOKIE = 'ln';

/** The widget's `assets.baseUrl`: its label bundles on the portal's origin (scripts/widget-labels.ts). */
const WIDGET_ASSETS = import.meta.env.VITE_WIDGET_ASSETS ?? '/okta-signin-widget';

/** The widget is global (one `#okta-sign-in` per document), so at most one instance may be live. */
let liveWidget: OktaSignIn | undefined;

/**
 * Hosts the Okta Sign-In Widget (Identity Engine) with the session's IDX client (auth-js's sign-in half,
 * loaded alongside the widget) and stores the tokens it obtains in the session's core tokenManager, the
 * one the dashboard reads.
 *
 * @fires signed-in - the tokens are in the tokenManager.
 */
@customElement('okta-sign-in-host')
export class OktaSignInHost extends LitElement {
  @state() private phase: Phase = { kind: 'loading' };
  /** The widget has shown its first form (or error): the skeleton that held its place goes. */
  @state() private shown = false;
  /**
   * The widget picked up a sign-in begun earlier (a saved transaction, past the username): perhaps another
   * user's, abandoned. The portal offers to start over.
   */
  @state() private resumed = false;
  private widget?: OktaSignIn;
  /** Puts back the auth client's `state` that an email's magic link replaced for this widget. */
  private restoreState?: () => void;
  /** Puts back the auth client's `maxAge` that a step-up set for this widget. */
  private restoreMaxAge?: () => void;
  /** The client of the widget's transaction, to drop that transaction when it fails. */
  private idxClient?: IdxClient;
  /** Bumped by every start and disconnect, so work that resolves late can tell it is stale. */
  private run = 0;

  @property({ attribute: false }) session?: PortalSession;

  /**
   * An email's magic link (`/login?otp=…&state=…`): the widget resumes the transaction of that state
   * with the code when it was started in this browser, and otherwise shows the code to enter where it was.
   */
  @property({ attribute: false }) emailLink?: EmailLink;

  /**
   * A step-up: the sign-in must be at most this many seconds old (`max_age` of `/v1/interact`), so the
   * user signs in again even with a live org session. A fresh transaction, never a saved one.
   */
  @property({ attribute: false }) maxAge?: number;

  /**
   * The widget's language: by default the first of the browser's it has (English otherwise), which may
   * be one the portal's own words are not in; its container then says so with its own `lang`.
   */
  @property({ attribute: false }) language: string = widgetLanguage(browserLanguages());

  /** Light DOM: inside a shadow root the widget renders an empty container (okta-signin-widget#1582). */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // This module is lazy: the shell may set `session` before it arrives, and Lit applies such
    // properties at the first update, so start after that.
    const run = this.run;
    void this.updateComplete.then(() => {
      if (this.isConnected && run === this.run) void this.start();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run++;
    this.removeWidget();
  }

  private async start(): Promise<void> {
    const run = ++this.run;
    this.phase = { kind: 'loading' };
    this.shown = false;
    this.resumed = false;
    const { session } = this;
    if (!session) {
      this.phase = { kind: 'error', message: msg('The sign-in form is missing its configuration.', { id: 'sign-in.no-config' }) };
      return;
    }
    const { config } = session;
    const link = this.emailLink;
    let widgetModule: Awaited<ReturnType<typeof loadWidget>>;
    let signIn: SignInStart;
    try {
      // main.ts started both at boot when this page was coming (the widget download, and the IDX
      // transaction alongside it: auth/sign-in-start.ts); these await the same.
      [widgetModule, signIn] = await Promise.all([loadWidget(), session.takeSignIn({ begin: !link && this.maxAge === undefined })]);
    } catch {
      if (run === this.run) {
        this.phase = {
          kind: 'error',
          message: msg('The sign-in form could not be loaded. Check your connection and retry.', { id: 'sign-in.not-loaded' }),
        };
      }
      return;
    }
    const { client: authClient, diagnosis } = signIn;
    this.idxClient = authClient;
    // When the org is misconfigured or unreachable, the diagnosis names the cause, which the widget
    // itself only reports as an unexpected error. It reads the discovery the transaction needed anyway.
    void diagnosis.then((problem) => {
      if (problem && run === this.run) this.fail(problem);
    });
    // The transaction's first answer saved (or its failure known), the widget carries on from there.
    await signIn.ready;
    if (run !== this.run || this.hasFailed()) return;
    // A step-up is a fresh transaction with its max_age (the widget's own interact), never a saved one.
    if (this.maxAge !== undefined) authClient.transactionManager.clear();
    // The widget resumes a saved transaction (DESIGN: a reload mid-sign-in carries on where it was).
    const hadTransaction = signIn.resumed && this.maxAge === undefined;

    this.phase = { kind: 'ready' };
    await this.updateComplete;
    if (run !== this.run) return;
    liveWidget?.off();
    liveWidget?.remove();
    this.restoreState?.();
    // The widget looks the saved transaction up by its auth client's `state`, and this client is the
    // portal's (the widget's own `state` option only reaches a client it creates); put back afterwards.
    if (link) {
      const previousState = authClient.options.state;
      authClient.options.state = link.state;
      this.restoreState = () => {
        authClient.options.state = previousState;
        this.restoreState = undefined;
      };
    }
    // auth-js's interact reads `maxAge` from the client's options; the shared client's are put back after.
    if (this.maxAge !== undefined) {
      const previousMaxAge = authClient.options.maxAge;
      authClient.options.maxAge = this.maxAge;
      this.restoreMaxAge = () => {
        authClient.options.maxAge = previousMaxAge;
        this.restoreMaxAge = undefined;
      };
    }
    try {
      const widget = new widgetModule.default({
        authClient,
        // The widget validates its own options and wants these even when it is given an authClient.
        issuer: config.issuer,
        clientId: config.clientId,
        redirectUri: config.redirectUri,
        scopes: config.scopes,
        useClassicEngine: false,
        // The browser's language where the widget has one (English is built in). The others' labels
        // come from the portal's own origin (scripts/widget-labels.ts), never Okta's CDN, which the CSP
        // forbids.
        language: this.language,
        assets: { baseUrl: WIDGET_ASSETS },
        // The widget's own words for "no answer from the server", in the portal's, in every language the
        // portal speaks. It applies them only to an authClient it creates itself; for this one the IDX
        // client words network failures the same way (client-options.ts), so either way the form never
        // shows a bare "Failed to fetch".
        i18n: { [getLocale()]: { 'error.network.connection': orgUnreachableSigningIn() } },
        // Under Identity Engine the org's policies decide; these state the portal's intent.
        features: { registration: true, rememberMe: true, multiOptionalFactorEnroll: true },
        ...(link ? { otp: link.otp, state: link.state } : {}),
      });
      this.widget = liveWidget = widget;
      // Once the form is up and the page idle, fetch what signing in leads to (the core client the tokens
      // go to, and the dashboard), so that waits for no download, and the form for none of this.
      widget.on('afterRender', (context: EventContext) => {
        // Back at the username (the widget's own "Back to sign in" too): a fresh start already.
        if (run === this.run && context.formName === 'identify') this.resumed = false;
      });
      widget.on('ready', (context: EventContext) => {
        if (run !== this.run) return;
        this.shown = true;
        this.resumed = hadTransaction && !!context.formName && context.formName !== 'identify';
        whenIdle(() => {
          if (run !== this.run) return;
          session.client().catch(() => undefined);
          ROUTES.dashboard.load().catch(() => undefined);
        });
      });
      // A misconfigured app (unknown client id, unregistered redirect URI) fails at /v1/interact, which
      // the widget shows as a generic error; say what is actually wrong instead.
      widget.on('afterError', (_context: EventContext, error: EventErrorContext) => {
        if (run === this.run) this.shown = true;
        const explained = explainOrgError(error, config);
        if (explained && run === this.run) this.fail(explained);
      });
      const tokens = await widget.showSignInToGetTokens({ el: `#${CONTAINER_ID}` }).finally(() => {
        this.restoreState?.();
        this.restoreMaxAge?.();
      });
      if (run !== this.run) return;
      // Usually loaded already (warmed once the form was up).
      const client = await session.client();
      if (run !== this.run) return;
      // Store and announce in one go: storing changes the auth state, and the route the shell then shows
      // no longer has this element in it, so an event sent later would reach no one.
      client.tokenManager.setTokens(tokens);
      this.dispatchEvent(new SignedInEvent());
    } catch (error) {
      if (run !== this.run) return;
      this.removeWidget();
      // The transaction that failed cannot be resumed; a retry starts a fresh one.
      authClient.transactionManager.clear();
      const explained = explainOrgError(error, config) ?? (await diagnosis);
      if (run !== this.run || this.hasFailed()) return;
      if (explained) this.phase = { kind: 'error', message: explained.title, detail: explained.detail };
      else if (classifyOrgError(error) === 'transient') this.phase = { kind: 'error', message: orgUnreachableSigningIn() };
      else this.phase = { kind: 'error', message: msg(str`Signing in failed: ${messageOf(error)}`, { id: 'sign-in.failed' }) };
    }
  }

  /** Read through a method: `phase` changes across awaits, which TypeScript's narrowing can't see. */
  private hasFailed(): boolean {
    return this.phase.kind === 'error';
  }

  /** Replaces the widget with an explanation; the failed transaction can't be resumed, so drop it. */
  private fail(problem: OrgProblem): void {
    this.removeWidget();
    this.idxClient?.transactionManager.clear();
    this.phase = { kind: 'error', message: problem.title, detail: problem.detail };
  }

  private removeWidget(): void {
    // A magic link's state is this widget's only: a later sign-in on the shared client must not inherit it.
    this.restoreState?.();
    this.restoreMaxAge?.();
    if (!this.widget) return;
    this.widget.off();
    this.widget.remove();
    if (liveWidget === this.widget) liveWidget = undefined;
    this.widget = undefined;
  }

  private handleRetry(): void {
    void this.start();
  }

  /**
   * Drops the resumed transaction and starts a new one at an empty username: the widget's remembered one
   * (`features.rememberMe` keeps the last identifier in its `ln` cookie) is the abandoned sign-in's.
   */
  private handleStartOver(): void {
    this.removeWidget();
    this.idxClient?.transactionManager.clear();
    document.cookie = `${REMEMBERED_USERNAME_COOKIE}=; Max-Age=0; Path=/`;
    void this.start();
  }

  override render() {
    const { phase } = this;
    // Until the widget's first form is up: a skeleton of its card's size, so nothing jumps when it lands.
    const busy = phase.kind === 'loading' || (phase.kind === 'ready' && !this.shown);
    return html`
      ${
        phase.kind === 'error'
          ? html`<div class="sign-in-host-error" role="alert">
              <p>${phase.message}</p>
              ${phase.detail ? html`<p>${phase.detail}</p>` : ''}
              <button type="button" @click=${this.handleRetry}>${msg('Retry', { id: 'sign-in.retry' })}</button>
            </div>`
          : ''
      }
      ${
        this.resumed
          ? html`<div class="sign-in-host-resume">
              <p>${msg('This continues a sign-in started earlier in this browser.', { id: 'sign-in.resumed' })}</p>
              <button type="button" @click=${this.handleStartOver}>${msg('Start over', { id: 'sign-in.start-over' })}</button>
            </div>`
          : ''
      }
      <div class="sign-in-host-frame" aria-busy=${busy ? 'true' : 'false'}>
        ${
          busy
            ? html`<div class="sign-in-host-skeleton">
                <p role="status">${msg('Loading sign-in…', { id: 'sign-in.loading' })}</p>
                <div class="sign-in-host-skeleton-bars" aria-hidden="true"><span></span><span></span><span></span><span></span></div>
              </div>`
            : ''
        }
        <div
          id=${CONTAINER_ID}
          class="sign-in-host-widget"
          lang=${ifDefined(this.language === getLocale() ? undefined : this.language)}
        ></div>
      </div>
    `;
  }
}

/** After the next frame, when the main thread is idle (Safari has no requestIdleCallback: soon after). */
function whenIdle(task: () => void): void {
  requestAnimationFrame(() => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(task, { timeout: 2000 });
    else setTimeout(task, 50);
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return msg('the sign-in service did not respond as expected.', { id: 'sign-in.unexpected' });
}

declare global {
  interface HTMLElementTagNameMap {
    'okta-sign-in-host': OktaSignInHost;
  }
}
