/**
 * What the account page's sections share: how an action's outcome is shown, and the step-up request a
 * change sends when the org wants a recent sign-in (<account-page> answers it with the widget, then the
 * change is made again).
 */
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import type { AccountOutcome } from '../auth/my-account';

export type Refusal = Exclude<AccountOutcome<never>, { ok: true }>;

/** What an action last said: nothing yet, working, done (`text`), or why not. */
export type Feedback = { state: 'idle' } | { state: 'busy' } | { state: 'done'; text: string } | { state: 'failed'; outcome: Refusal };

/**
 * Fired by a section whose change the org refused for want of a recent sign-in (`max_age`): the page has
 * the user sign in again through the widget, then calls `retry` (or `cancel`, if the user gives up).
 */
export class StepUpRequestEvent extends Event {
  static readonly eventName = 'step-up-request';
  constructor(
    readonly maxAge: number,
    readonly retry: () => void,
    readonly cancel: () => void,
  ) {
    super(StepUpRequestEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'step-up-request': StepUpRequestEvent;
  }
}

/**
 * Runs `change`; when the org asks for a recent sign-in, asks the page for one and runs it again after.
 * Resolves with the final outcome (a refused step-up: "sign-in-again").
 */
export async function withStepUp<T>(from: EventTarget, change: () => Promise<AccountOutcome<T>>): Promise<AccountOutcome<T>> {
  const outcome = await change();
  if (outcome.ok || outcome.reason !== 'sign-in-again') return outcome;
  const signedInAgain = await new Promise<boolean>((resolve) => {
    from.dispatchEvent(
      new StepUpRequestEvent(
        outcome.maxAge,
        () => resolve(true),
        () => resolve(false),
      ),
    );
  });
  return signedInAgain ? change() : outcome;
}

export function renderRefusal(outcome: Refusal) {
  switch (outcome.reason) {
    case 'sign-in-again':
      return html`<p role="alert">
        ${msg('For your security, this change needs a recent sign-in. Make the change again to sign in again.', {
          id: 'account.sign-in-again',
        })}
      </p>`;
    case 'missing-scope':
      return html`<p role="alert">
        ${msg(
          str`Your sign-in did not give this portal access to your account settings (the ${outcome.scope} scope). Ask your administrator to grant it to the app, and add it to the portal's scopes.`,
          { id: 'account.missing-scope' },
        )}
      </p>`;
    case 'failed':
      return html`<p role="alert">${outcome.message}</p>`;
    default:
      return nothing;
  }
}

export function renderFeedback(feedback: Feedback, busyText: string) {
  switch (feedback.state) {
    case 'idle':
      return html`<p role="status"></p>`;
    case 'busy':
      return html`<p role="status">${busyText}</p>`;
    case 'done':
      return html`<p role="status">${feedback.text}</p>`;
    case 'failed':
      return renderRefusal(feedback.outcome);
  }
}
