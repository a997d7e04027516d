/**
 * Self-service unlock (the widget's "Unlock account?"), by password policy: from the identify form, the
 * identifier and an authenticator that reaches the user (email, SMS); its code proven, the account is
 * unlocked (the caller's `unlock-user`) and the flow ends on Okta's terminal "You can log in using your
 * existing username and password." An identifier that names no locked-out account reachable that way
 * gets the same screens, and no code goes anywhere.
 */
import { authenticatorFor, wireOf } from '../../authenticators';
import type { AuthenticatorKey } from '../../authenticators/types';
import { MESSAGES } from '../messages';
import { refuse, restart, startChallenge } from './policy';
import type { Event, MachineDeps, Outcome, TxData } from './types';

/** "Unlock account?" on the identify form: which authenticators may prove it, with the identifier. */
export function unlockAccount(data: TxData, _event: Extract<Event, { type: 'unlock-account' }>, _now: number, deps: MachineDeps): Outcome {
  if (data.step.name !== 'identify') return refuse(data);
  const options = deps.policy.unlock?.authenticators ?? [];
  if (!options.length) return { data, status: 403, messages: [MESSAGES.unlockNotAllowed()] };
  return { status: 200, data: { ...restart(data), step: { name: 'unlock-identify', options } } };
}

/** The identifier and the authenticator picked: its code goes out (to a locked-out account only). */
export function unlockIdentify(data: TxData, event: Extract<Event, { type: 'unlock-identify' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'unlock-identify' || !step.options.includes(event.authenticator)) return refuse(data);
  const user = event.user;
  const key: AuthenticatorKey = event.authenticator;
  const real = user?.status === 'LOCKED_OUT' && (authenticatorFor(key).reachable?.(user) ?? false) ? user : undefined;
  const named: TxData = {
    ...data,
    identifier: event.identifier,
    displayUserId: real?.id ?? event.displayUserId,
    verified: [],
    unlock: { options: [key] },
  };
  if (real) {
    named.userId = real.id;
    named.enrolled = real.enrolled ?? [];
    if (real.email) named.email = real.email;
    if (real.profiles) named.profiles = real.profiles;
  }
  // Picked with its first method (a phone's text): the code goes out at once.
  return startChallenge(named, key, now, deps, wireOf(key).methods[0]?.type ?? key);
}

/** The unlock's code answered: the account is unlocked, and the flow ends (the user signs in afresh). */
export function unlockProven(data: TxData): Outcome {
  if (!data.userId) return refuse(data);
  return {
    status: 200,
    data: { ...data, step: { name: 'terminal', messages: [MESSAGES.unlocked()] } },
    effects: [{ type: 'unlock-user', userId: data.userId }],
  };
}
