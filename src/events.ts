import type { RenewalOutcome } from './auth/renewal';

/**
 * The portal's typed events: intent and news travel up (properties travel down).
 * Both bubble and are composed so they cross the shadow roots between an element and the app shell.
 */

/** Fired by <okta-sign-in-host> once the widget's tokens are stored in the tokenManager. */
export class SignedInEvent extends Event {
  static readonly eventName = 'signed-in';
  constructor() {
    super(SignedInEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired by <callback-page> for the redirect it was opened with (an interaction code from the org, or its
 * error): the shell owns the session, so it completes the sign-in, once per URL.
 */
export class CompleteSignInRequestEvent extends Event {
  static readonly eventName = 'complete-sign-in-request';
  constructor(readonly href: string) {
    super(CompleteSignInRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired by <user-dashboard> when the user asks to sign out; the shell owns the authClient and does it. */
export class SignOutRequestEvent extends Event {
  static readonly eventName = 'sign-out-request';
  constructor() {
    super(SignOutRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired by <messages-panel> when the API refused the access token (or auth-js had none to give): the
 * shell drops the stored tokens, and its route guard sends the user to sign in and back.
 */
export class ReauthenticateRequestEvent extends Event {
  static readonly eventName = 'reauthenticate-request';
  constructor() {
    super(ReauthenticateRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Fired by <token-status> when the user asks to renew the tokens now. The shell owns the session: it
 * performs the renewal and hands the outcome back through `respondWith`, so the element can say
 * "renewing…" and how it went without knowing auth-js. The outcome is `renewed`, `unreachable` (the
 * tokens are kept, a retry is scheduled) or `refused` (the session has ended); a rejection's message is
 * plain text for the user.
 */
export class RenewTokensRequestEvent extends Event {
  static readonly eventName = 'renew-tokens-request';
  private outcome?: Promise<RenewalOutcome>;
  constructor() {
    super(RenewTokensRequestEvent.eventName, { bubbles: true, composed: true });
  }
  /** Called by the handler, synchronously while the event is dispatched. */
  respondWith(outcome: Promise<RenewalOutcome>): void {
    this.outcome = outcome;
  }
  /** The handler's outcome; rejects when no handler took the request. */
  get result(): Promise<RenewalOutcome> {
    return this.outcome ?? Promise.reject(new Error('Nothing in the page can renew tokens.'));
  }
}

declare global {
  interface HTMLElementEventMap {
    'signed-in': SignedInEvent;
    'complete-sign-in-request': CompleteSignInRequestEvent;
    'sign-out-request': SignOutRequestEvent;
    'renew-tokens-request': RenewTokensRequestEvent;
    'reauthenticate-request': ReauthenticateRequestEvent;
  }
}
