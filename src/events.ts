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

/** Fired by <user-dashboard> when the user asks to sign out; the shell owns the authClient and does it. */
export class SignOutRequestEvent extends Event {
  static readonly eventName = 'sign-out-request';
  constructor() {
    super(SignOutRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'signed-in': SignedInEvent;
    'sign-out-request': SignOutRequestEvent;
  }
}
