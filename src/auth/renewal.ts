/**
 * The portal's token renewal, in place of auth-js's `autoRenew` (switched off in auth.ts).
 *
 * Why not auth-js's: `tokenManager.renew()` removes the token it was renewing on *any* failure, and
 * with `autoRenew` every auth-state evaluation renews an expired token on the spot. A network blip
 * therefore signed the user out; and keeping the tokens behind its back would turn those evaluations
 * into a tight request loop once the tokens have expired. Here a renewal is `token.renewTokens()`, which
 * removes no token on failure, and what happens next depends on the answer. With a refresh token
 * (`offline_access`) it is one token request. Without one, auth-js renews silently: `getWithoutPrompt()`
 * loads `/v1/authorize?prompt=none&response_mode=okta_post_message` in a hidden iframe (the CSP's
 * `frame-src` allows the org), which works while the browser holds the org session (its cookie), and
 * redeems the code the org posts back; given up after SILENT_RENEW_TIMEOUT_MS rather than auth-js's 120 s.
 *
 *
 * - renewed: the tokens are stored, and any retry is called off;
 * - the org can't be reached (org-errors.ts): every token is kept and the renewal retried with capped
 *   exponential back-off; the status says so, for the UI;
 * - the org refused (an `invalid_grant` refresh token; `login_required` from the iframe: the org
 *   session has ended): the session ends here, every token is cleared and the route guards show sign-in.
 *
 * Renewals start when the tokenManager says a token expires (its timers fire `expireEarlySeconds`
 * before `expiresAt`, as auth-js's autoRenew did), on request ("Renew now", the API client), and from
 * the back-off timer. With storage that tabs share, a Web Lock makes them take turns and a tab that
 * finds the tokens renewed meanwhile does not renew them again: two tabs spending the same rotating
 * refresh token is what auth-js's leader election avoided.
 */
import type { AccessToken, IDToken, RefreshToken, Token, TokenManagerInterface, Tokens } from '@okta/okta-auth-js/core';
import { classifyOrgError } from './org-errors';

export interface Backoff {
  /** The wait before the first retry. */
  firstMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/** 5 s, 10 s, 20 s, … 2 min, 2 min: quick for a blip, a request every two minutes for an outage. */
export const RENEWAL_BACKOFF: Backoff = { firstMs: 5_000, maxMs: 120_000 };

/** The wait before retry number `retry` (1 is the first), doubling each time up to the cap. */
export function retryDelayMs(retry: number, backoff: Backoff = RENEWAL_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, retry - 1));
}

export type RenewalStatus =
  | { state: 'ok' }
  /** The org couldn't be reached; the tokens are kept. `retryAt`: ms since the epoch. */
  | { state: 'unreachable'; failures: number; retryAt: number };

export type RenewalOutcome =
  | 'renewed'
  /** The tokens are kept and a retry is scheduled. */
  | 'unreachable'
  /** The session has ended (or there was none): only signing in again helps. */
  | 'refused';

/**
 * How long a silent renewal (no refresh token: the hidden iframe) may wait for the org's answer. The
 * org answers within a second when it is up, with a code or `login_required`; no answer means its page
 * did not load (unreachable: transient, retried), and the session's renewals wait on this one meanwhile.
 */
export const SILENT_RENEW_TIMEOUT_MS = 15_000;

/** What the renewer needs of OktaAuth; the real client in the portal, a stand-in in unit tests. */
export interface RenewableClient {
  token: { renewTokens(options?: { timeout?: number }): Promise<Tokens> };
  tokenManager: Pick<TokenManagerInterface, 'getTokensSync' | 'setTokens' | 'clear' | 'hasExpired' | 'on' | 'off'>;
}

export interface TokenRenewerOptions {
  backoff?: Backoff;
  /** A Web Lock to take turns with other tabs on the same token storage; none for per-tab storage. */
  lockName?: string;
}

type StatusListener = (status: RenewalStatus) => void;

export class TokenRenewer {
  private readonly backoff: Backoff;
  private readonly lockName: string | undefined;
  private currentStatus: RenewalStatus = { state: 'ok' };
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<RenewalOutcome>;
  private readonly listeners = new Set<StatusListener>();
  private started = false;

  constructor(
    private readonly client: RenewableClient,
    options: TokenRenewerOptions = {},
  ) {
    this.backoff = options.backoff ?? RENEWAL_BACKOFF;
    this.lockName = options.lockName;
  }

  get status(): RenewalStatus {
    return this.currentStatus;
  }

  /** Follows the tokenManager: renews what expires, and calls retries off when others change the tokens. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { tokenManager } = this.client;
    tokenManager.on('expired', this.handleExpired);
    tokenManager.on('added', this.handleReplaced);
    tokenManager.on('renewed', this.handleReplaced);
    tokenManager.on('removed', this.handleRemoved);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    const { tokenManager } = this.client;
    tokenManager.off('expired', this.handleExpired);
    tokenManager.off('added', this.handleReplaced);
    tokenManager.off('renewed', this.handleReplaced);
    tokenManager.off('removed', this.handleRemoved);
    this.cancelRetry();
  }

  /** Calls `listener` with every status change; returns the unsubscribe. */
  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Renews the tokens, or joins the renewal already under way. */
  renew(): Promise<RenewalOutcome> {
    this.inFlight ??= this.attempt().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Someone asked for it ("Renew now", an API that refused the token): the answer must come from a
   * request made since, so a renewal under way counts only if it succeeds; otherwise try again.
   */
  async renewNow(): Promise<RenewalOutcome> {
    const running = this.inFlight;
    if (running && (await running) === 'renewed') return 'renewed';
    return this.renew();
  }

  private async attempt(): Promise<RenewalOutcome> {
    this.cancelRetry();
    const seen = this.client.tokenManager.getTokensSync();
    if (!seen.refreshToken && !seen.accessToken && !seen.idToken) return 'refused';
    return this.withLock(async () => {
      // Another tab (or a sign-in) replaced the tokens while this one waited: they are already fresh.
      if (this.replacedSince(seen)) {
        this.succeeded();
        return 'renewed';
      }
      try {
        const { refreshToken: usable } = this.client.tokenManager.getTokensSync();
        const tokens = await this.client.token.renewTokens(usable ? undefined : { timeout: SILENT_RENEW_TIMEOUT_MS });
        // An org that doesn't rotate refresh tokens sends none back; setTokens would drop the stored one.
        const { refreshToken } = this.client.tokenManager.getTokensSync();
        this.client.tokenManager.setTokens(refreshToken && !tokens.refreshToken ? { ...tokens, refreshToken } : tokens);
        this.succeeded();
        return 'renewed';
      } catch (error) {
        if (classifyOrgError(error) === 'transient') {
          this.scheduleRetry();
          return 'unreachable';
        }
        this.cancelRetry();
        this.failures = 0;
        this.setStatus({ state: 'ok' });
        this.client.tokenManager.clear();
        return 'refused';
      }
    });
  }

  private async withLock(task: () => Promise<RenewalOutcome>): Promise<RenewalOutcome> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!this.lockName || !locks) return task();
    return locks.request(this.lockName, task);
  }

  /** True when the stored access token is another one than `seen`'s, and still good. */
  private replacedSince(seen: Tokens): boolean {
    const { accessToken } = this.client.tokenManager.getTokensSync();
    return (
      accessToken !== undefined &&
      accessToken.accessToken !== seen.accessToken?.accessToken &&
      !this.client.tokenManager.hasExpired(accessToken)
    );
  }

  private succeeded(): void {
    this.cancelRetry();
    this.failures = 0;
    this.setStatus({ state: 'ok' });
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    this.failures++;
    const delay = retryDelayMs(this.failures, this.backoff);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.renew();
    }, delay);
    this.setStatus({ state: 'unreachable', failures: this.failures, retryAt: Date.now() + delay });
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setStatus(status: RenewalStatus): void {
    if (status.state === 'ok' && this.currentStatus.state === 'ok') return;
    this.currentStatus = status;
    for (const listener of this.listeners) listener(status);
  }

  /**
   * A token's expiry timer fired: renew, unless that token has been replaced (or removed) since, or the
   * org is already known to be unreachable: then the back-off decides when to try next (the access and
   * ID tokens usually expire together, and their timers must not add a request each).
   */
  private readonly handleExpired = (_key: string, token: Token): void => {
    if (this.retryTimer !== undefined) return;
    const stored = this.client.tokenManager.getTokensSync();
    const current = isAccessToken(token) ? stored.accessToken : stored.idToken;
    if (current && sameToken(current, token)) void this.renew();
  };

  /** New tokens from elsewhere (a sign-in, another tab's renewal): whatever failed before is moot. */
  private readonly handleReplaced = (_key: string, token: Token): void => {
    if (isRefreshToken(token)) return;
    if (this.inFlight) return; // the renewal under way reports its own outcome
    this.succeeded();
  };

  /** Everything removed (signed out here or in another tab): no session left to retry for. */
  private readonly handleRemoved = (): void => {
    const { accessToken, idToken, refreshToken } = this.client.tokenManager.getTokensSync();
    if (accessToken || idToken || refreshToken) return;
    this.succeeded();
  };
}

function isAccessToken(token: Token): token is AccessToken {
  return typeof (token as Partial<AccessToken>).accessToken === 'string';
}

function isRefreshToken(token: Token): token is RefreshToken {
  return typeof (token as Partial<RefreshToken>).refreshToken === 'string';
}

/** Stored tokens are parsed afresh on every read: compare what they carry, not the objects. */
function sameToken(stored: AccessToken | IDToken, token: Token): boolean {
  return 'accessToken' in stored
    ? stored.accessToken === (token as Partial<AccessToken>).accessToken
    : stored.idToken === (token as Partial<IDToken>).idToken;
}
