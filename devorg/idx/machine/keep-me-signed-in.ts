/**
 * Okta's post-sign-in "Stay signed in?" prompt (`keep-me-signed-in`): by sign-on policy, once the user
 * has proven everything, before success. Accepting makes the org session persistent, as "Keep me signed
 * in" on the identify form does; declining keeps it to the browser session. Not asked of a user who
 * ticked "Keep me signed in" already, nor when an existing org session signed them in, nor after a
 * registration (the new account signs in with what its form said).
 */
import { finish, refuse } from './policy';
import type { Event, MachineDeps, Outcome, TxData } from './types';

/** The prompt, when the policy asks for it and it is due; else undefined (on to success). */
export function offerKeepMeSignedIn(data: TxData, deps: MachineDeps): Outcome | undefined {
  if (!deps.policy.keepMeSignedInPrompt || !data.userId || data.registration || data.recovery) return undefined;
  if (data.keepMeSignedInAsked || data.rememberMe === true) return undefined;
  return { status: 200, data: { ...data, keepMeSignedInAsked: true, step: { name: 'keep-me-signed-in' } } };
}

/** The answer: "Stay signed in" or "Don't stay signed in", then success. */
export function keepMeSignedIn(
  data: TxData,
  event: Extract<Event, { type: 'keep-me-signed-in' }>,
  _now: number,
  deps: MachineDeps,
): Outcome {
  if (data.step.name !== 'keep-me-signed-in') return refuse(data);
  return finish({ ...data, rememberMe: event.keepMeSignedIn }, deps);
}
