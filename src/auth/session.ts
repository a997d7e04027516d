/**
 * The portal's auth, without auth-js on the boot path. The shell and its elements hold a PortalSession;
 * auth-js arrives only when something needs it:
 *
 * - `client()`: the core OktaAuth (auth.ts, auth-js's `/core` entry), created and started once. Loaded
 *   at boot only when token storage holds something worth evaluating; a visitor with nothing stored is
 *   known to be signed out without it.
 * - `renewer()`: the TokenRenewer (renewal.ts) that renews that client's tokens, started with it.
 * - `idxClient()`: the IDX half (idx-auth.ts) for the widget and the interaction-code callback; loaded
 *   with the widget, never on the dashboard. Redirect sign-in (`signInWithRedirect`, the authorization
 *   code callback) needs only the core client.
 *
 * This module imports auth-js for types only, and the renewer (renewal.ts) with the core client.
 */
import type { PortalConfig } from '../config';
import type { OktaAuth } from './auth';
import type { IdxClient } from './idx-auth';
import type { TokenRenewer } from './renewal';
import type { SignInStart, SignInStartOptions } from './sign-in-start';
import { readStoredSession, webStorageFor, type StoredSession } from './token-storage';

/**
 * GET of the org's discovery document (the URL auth-js's `getWellKnown` asks) as a CORS "simple"
 * request: no preflight. Resolves with the response, its body already read, or undefined when none came.
 *
 * Read as it arrives, not when auth-js asks for it: reading a body takes tasks of the page's own, and
 * by the time the head start asks, the widget chunk's evaluation (one task of 50–90 ms) may be queued
 * ahead of them, holding back `/v1/interact` until it is done. Read here, the answer is in memory and
 * auth-js's request for it resolves in microtasks, before that task.
 */
export function prefetchDiscovery(config: PortalConfig): Promise<Response | undefined> {
  return fetch(`${config.issuer}/.well-known/openid-configuration`, { credentials: 'omit', headers: { Accept: 'application/json' } })
    .then(async (res) => new Response(await res.arrayBuffer(), { status: res.status, statusText: res.statusText, headers: res.headers }))
    .catch(() => undefined);
}

/**
 * How long before a stored session's tokens are due (token-storage.ts `dueAt`) auth-js is loaded, so
 * it is running, with its expiry timers armed, when they fire.
 */
export const CLIENT_LEAD_MS = 60_000;

/** What a boot-time look at token storage says before auth-js has read it. */
export type BootStatus =
  /** Nothing stored (or only what token-storage.ts discarded): signed out, no auth-js needed to know. */
  | 'signed-out'
  /** Something usable is stored: auth-js decides (renewal, pendingRemove, …). */
  | 'pending';

/** Where the two halves come from: lazy chunks in the portal, ready-made clients in tests. */
export interface SessionLoaders {
  core(): Promise<(config: PortalConfig) => OktaAuth>;
  idx(): Promise<(config: PortalConfig) => IdxClient>;
}

/** The production loaders: each auth-js half is its own lazy chunk. */
export const lazyLoaders: SessionLoaders = {
  core: () => import('./auth').then((m) => m.createAuthClient),
  idx: () => import('./idx-auth').then((m) => m.createIdxClient),
};

/** auth-js refused the settings (it validates its options too): the shell shows this as a config problem. */
export class ClientSetupError extends Error {
  override readonly name = 'ClientSetupError';
}

/** The core client and its renewer: they exist together. */
interface Core {
  client: OktaAuth;
  renewer: TokenRenewer;
}

export class PortalSession {
  private started?: Promise<Core>;
  private idx?: Promise<IdxClient>;
  private signInStart?: Promise<SignInStart>;
  private readonly listeners = new Set<(client: OktaAuth, renewer: TokenRenewer) => void>();
  private dueTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly config: PortalConfig,
    readonly bootStatus: BootStatus,
    private readonly loaders: SessionLoaders = lazyLoaders,
  ) {}

  /**
   * A stored session as auth-js's tokenManager left it (token-storage.ts), fresh and not being signed
   * out of, while auth-js is not loaded: enough to paint the dashboard and call the API with. Once the
   * client has started, undefined: auth-js owns the tokens then.
   */
  storedSession(): StoredSession | undefined {
    if (this.started || this.bootStatus !== 'pending') return undefined;
    return readStoredSession(webStorageFor(this.config.tokenStorage));
  }

  /**
   * At boot, with something stored: a fresh stored session needs no auth-js until its tokens are due
   * for renewal, so the client is loaded CLIENT_LEAD_MS before that (or when something else asks for
   * it: sign-out, "Renew now", another tab's change); anything else is auth-js's to evaluate at once.
   * Idempotent.
   */
  loadClientWhenDue(): void {
    if (this.bootStatus !== 'pending' || this.started || this.dueTimer !== undefined) return;
    const stored = this.storedSession();
    const wait = stored ? stored.dueAt - CLIENT_LEAD_MS - Date.now() : 0;
    if (wait <= 0) {
      this.client().catch(() => undefined); // failures surface where the client is needed
      return;
    }
    // setTimeout's delay is a 32-bit int: a longer wait is re-armed on the way.
    this.dueTimer = setTimeout(
      () => {
        this.dueTimer = undefined;
        this.loadClientWhenDue();
      },
      Math.min(wait, 2 ** 31 - 1),
    );
  }

  /**
   * The portal's one OktaAuth, started once: start() deletes tokens a sign-out redirect left
   * `pendingRemove`, arms the expiry timers the renewer follows, cross-tab sync, and evaluates the auth
   * state.
   */
  client(): Promise<OktaAuth> {
    return this.core().then((core) => core.client);
  }

  /** The renewer of the client's tokens ("Renew now", the API client, the outage status). */
  renewer(): Promise<TokenRenewer> {
    return this.core().then((core) => core.renewer);
  }

  private core(): Promise<Core> {
    clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    this.started ??= Promise.all([this.loaders.core(), import('./renewal')]).then(
      ([create, { TokenRenewer }]) => {
        let client: OktaAuth;
        try {
          client = create(this.config);
        } catch (error) {
          // auth-js validates its options too; the shell shows what it says rather than a blank page.
          throw new ClientSetupError(`The Okta client rejected the settings: ${error instanceof Error ? error.message : String(error)}`);
        }
        // Listening before start(), which arms the expiry timers (at once for tokens that expired while
        // the page was closed). Tabs sharing localStorage take turns renewing (renewal.ts), per app.
        const renewer = new TokenRenewer(client, {
          lockName: this.config.tokenStorage === 'localStorage' ? `${this.config.clientId}-token-renewal` : undefined,
        });
        renewer.start();
        client.start().catch((error: unknown) => console.error('Okta auth client failed to start', error));
        for (const listener of this.listeners) listener(client, renewer);
        this.listeners.clear();
        return { client, renewer };
      },
      (error: unknown) => {
        // The chunk did not load (offline?): a later call tries again.
        this.started = undefined;
        throw error;
      },
    );
    return this.started;
  }

  /** Calls `listener` once the core client exists (now, if it already does), without loading it. */
  whenClient(listener: (client: OktaAuth, renewer: TokenRenewer) => void): () => void {
    if (this.started) {
      void this.started.then(
        ({ client, renewer }) => listener(client, renewer),
        () => undefined,
      );
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The IDX client for the widget and the callback; one per page, so a transaction survives a widget restart. */
  idxClient(): Promise<IdxClient> {
    this.idx ??= this.loaders.idx().then(
      (create) => create(this.config),
      (error: unknown) => {
        this.idx = undefined;
        throw error;
      },
    );
    return this.idx;
  }

  /**
   * The sign-in form's head start (sign-in-start.ts): the IDX transaction begins while the widget
   * downloads. main.ts calls this at boot on the sign-in page; the form takes that one (once), and a
   * later form (a Retry, a return to the page) begins afresh.
   */
  beginSignIn(options: SignInStartOptions): Promise<SignInStart> {
    if (!this.signInStart) {
      // The org's discovery document, asked for now, while the chunks that need it download: a plain
      // request (no auth-js headers, so no CORS preflight) whose answer auth-js is handed when it asks
      // (sign-in-start.ts). Not for a form the widget starts itself.
      const discovery = options.begin ? prefetchDiscovery(this.config) : undefined;
      this.signInStart = Promise.all([this.idxClient(), import('./sign-in-start')]).then(([client, { startSignIn }]) =>
        startSignIn(client, this.config, window.location.origin, { ...options, discovery }),
      );
    }
    const begun = this.signInStart;
    // A failed download is the form's to report when it takes this; a later take tries again.
    begun.catch(() => {
      if (this.signInStart === begun) this.signInStart = undefined;
    });
    return begun;
  }

  /** The head start begun at boot, or a new one: for one widget. */
  takeSignIn(options: SignInStartOptions): Promise<SignInStart> {
    const taken = this.beginSignIn(options);
    this.signInStart = undefined;
    return taken;
  }

  /**
   * Redirect sign-in (`VITE_OKTA_SIGN_IN=redirect`): auth-js saves the request (state, nonce, PKCE
   * verifier) and `originalUri`, then leaves for the org's /v1/authorize; the org signs the user in on
   * its own page and sends the browser back to /login/callback (completeRedirect). Core only: no IDX
   * half, no widget. Resolves only if the page did not leave; rejects if the request could not be made
   * (the org's discovery unreachable, say).
   */
  async signInWithRedirect(originalUri?: string): Promise<void> {
    const client = await this.client();
    await client.signInWithRedirect(originalUri ? { originalUri } : {});
  }

  /**
   * Setting up a security method on the org's own page (auth-js's `endpoints.authorize.enrollAuthenticator`:
   * `/v1/authorize?prompt=enroll_authenticator`, `response_type=none`, `max_age=0`): the user signs in
   * again there, sets up the authenticator `amr` names, and comes back to /login/callback with the
   * request's `state` alone (completeRedirect), then to `returnTo`. The tokens stay as they are. Resolves
   * only if the page did not leave; rejects if the request could not be made.
   */
  async enrollAuthenticator(amr: string, returnTo: string, loginHint?: string): Promise<void> {
    const client = await this.client();
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const state = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    client.setOriginalUri(returnTo, state);
    client.endpoints.authorize.enrollAuthenticator({
      enrollAmrValues: [amr],
      // What Okta asks of this request: a factor before the enrollment, two where the user has them.
      acrValues: 'urn:okta:2fa:any:ifpossible',
      state,
      ...(loginHint ? { loginHint } : {}),
    });
  }

  /**
   * A sign-in came back to /login/callback: the tokens go into the core client's tokenManager, and the
   * auth state catches up before this resolves (or the dashboard's guard would bounce to /login).
   * Resolves with where the user was going, when the sign-in saved that (`signInWithRedirect`).
   *
   * - An interaction code (embedded sign-in finished elsewhere, e.g. an emailed magic link): the IDX
   *   client exchanges it, checking state and errors as auth-js does.
   * - An authorization code (redirect sign-in): the core client's `token.parseFromUrl` finds the saved
   *   request by its state, checks state and errors, and redeems the code with its PKCE verifier.
   * - An error: whichever of the two this portal signs in with.
   */
  async completeRedirect(href: string): Promise<string | undefined> {
    const params = new URL(href).searchParams;
    // No code of either kind: the answer to an enrollment request (`response_type=none`), which carries
    // its state alone, or the org's error for one.
    const state = params.get('state');
    if (state && !params.has('code') && !params.has('interaction_code')) {
      if (!params.has('error') || (await this.savedResponseType(state)) === 'none') return this.completeEnrollment(href, state);
    }
    const interactionCode = params.has('interaction_code') || (!params.has('code') && this.config.signIn === 'embedded');
    if (interactionCode) {
      await this.completeInteractionCode(href);
      return undefined;
    }
    return this.completeAuthorizationCode(href, params.get('state') ?? undefined);
  }

  /** What the request this browser saved for `state` asked for (`none`: an enrollment), if it saved one. */
  private async savedResponseType(state: string): Promise<unknown> {
    const client = await this.client();
    const saved: unknown = client.transactionManager.load({ state });
    return (saved as { responseType?: unknown } | null)?.responseType;
  }

  /**
   * Back from `enrollAuthenticator`: auth-js checks the state and the org's error (`parseFromUrl`, which
   * stores nothing for `none`, and says when this browser saved no such request); then where the user was.
   * A state-only answer to a request that asked for a code is refused: nothing was signed in.
   */
  private async completeEnrollment(href: string, state: string): Promise<string | undefined> {
    const client = await this.client();
    const asked = await this.savedResponseType(state);
    if (asked !== undefined && asked !== 'none') throw new Error('The sign-in service sent back no code for this sign-in.');
    const originalUri = client.getOriginalUri(state);
    try {
      await client.token.parseFromUrl({ url: href });
    } finally {
      client.removeOriginalUri(state);
    }
    return originalUri;
  }

  private async completeInteractionCode(href: string): Promise<void> {
    const [idx, client] = await Promise.all([this.idxClient(), this.client()]);
    await idx.idx.handleInteractionCodeRedirect(href);
    const tokens = idx.tokenManager.getTokensSync();
    idx.tokenManager.clear();
    client.tokenManager.setTokens(tokens);
    await client.authStateManager.updateAuthState();
  }

  private async completeAuthorizationCode(href: string, state: string | undefined): Promise<string | undefined> {
    const client = await this.client();
    // Saved by signInWithRedirect, in this tab's sessionStorage; read before the exchange clears it.
    const originalUri = client.getOriginalUri(state);
    try {
      // With `url`, auth-js leaves the address bar alone: the shell's router replaces it next.
      const { tokens } = await client.token.parseFromUrl({ url: href });
      client.tokenManager.setTokens(tokens);
    } finally {
      client.removeOriginalUri(state);
    }
    await client.authStateManager.updateAuthState();
    return originalUri;
  }
}
