/**
 * Password recovery ("Forgot password?"): who is recovering, which recovery authenticators may prove
 * it, the proof, then the new password (the recovery's second proof: sign-in then goes on by policy).
 * An identifier that names no account that can recover gets the same screens and no code goes out.
 */
import { authenticatorFor, PASSWORD } from '../../authenticators';
import type { AuthenticatorKey } from '../../authenticators/types';
import { MESSAGES } from '../messages';
import { addVerified, has, next, refuse, restart, startChallenge } from './policy';
import type { Effect, Event, IdentifiedUser, MachineDeps, Outcome, PendingEnrollment, TxData } from './types';

/** "Forgot password?" on the password challenge, or on an identify form that asks for the password too. */
export function recover(data: TxData, event: Extract<Event, { type: 'recover' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  const fromIdentify = step.name === 'identify' && deps.policy.passwordOnIdentify === true;
  const fromPassword = step.name === 'challenge' && authenticatorFor(step.authenticator).isPassword === true && !data.recovery;
  if (!fromIdentify && !fromPassword) return refuse(data);
  if (!deps.policy.recovery?.authenticators.length) return { data, status: 403, messages: [MESSAGES.resetNotAllowed()] };
  // Before identification (a password on the identify form): ask who is recovering first.
  if (fromIdentify) return { status: 200, data: { ...restart(data), step: { name: 'identify-recovery' } } };
  return startRecovery(data, event.user, now, deps);
}

/** A recovery's new password: its hash, or why it was refused. */
export function resetPassword(data: TxData, event: Extract<Event, { type: 'reset-password' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'reset-password' || !data.userId) return refuse(data);
  if (!event.passwordHash) return { data, status: 400, fieldMessages: event.fieldMessages ?? {} };
  // The new password is the second proof (with the recovery factor): sign-in continues by policy.
  const reset: TxData = { ...data, verified: addVerified(data.verified, PASSWORD), authTime: now };
  delete reset.recovery;
  delete reset.passwordExpired;
  // By policy a recovery may end at the new password: Okta's terminal, and the user signs in afresh.
  const endsHere = !step.expired && deps.policy.recovery?.endsAtReset === true;
  const out: Outcome = endsHere
    ? { status: 200, data: { ...reset, step: { name: 'terminal', messages: [MESSAGES.recoveryCompleted()] } } }
    : next(reset, now, deps);
  const setPassword: Effect = {
    type: 'set-password',
    userId: data.userId,
    passwordHash: event.passwordHash,
    revokeSessions: event.revokeSessions ?? false,
    ...(step.expired ? { reason: 'expired' as const } : {}),
  };
  return { ...out, effects: [setPassword, ...(out.effects ?? [])] };
}

/**
 * Statuses that may recover a password. A locked-out account only when recovery also unlocks (else
 * it takes the unknown-user path). Anything else (suspended, deactivated, staged) looks unknown too.
 */
function canRecover(user: IdentifiedUser | undefined, unlocks: boolean): user is IdentifiedUser {
  if (!user) return false;
  return ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status) || (unlocks && user.status === 'LOCKED_OUT');
}

/** The identifier of a recovery started before identification. */
export function identifyForRecovery(data: TxData, event: Extract<Event, { type: 'identify' }>, now: number, deps: MachineDeps): Outcome {
  const known = canRecover(event.user, deps.policy.recovery?.unlocks ?? false);
  const named: TxData = { ...data, identifier: event.identifier, displayUserId: known && event.user ? event.user.id : event.displayUserId };
  return startRecovery(named, event.user, now, deps);
}

/**
 * Starts a recovery: the user's recovery authenticators (the profile email counts as the email
 * authenticator even before it is set up, as on Okta). An identifier that names no account that can
 * recover gets the same screens, with the first allowed authenticator, and no code goes anywhere.
 */
export function startRecovery(data: TxData, user: IdentifiedUser | undefined, now: number, deps: MachineDeps): Outcome {
  const policy = deps.policy.recovery;
  if (!policy?.authenticators.length) return { data, status: 403, messages: [MESSAGES.resetNotAllowed()] };
  const reachable = (k: AuthenticatorKey) => user !== undefined && (authenticatorFor(k).reachable?.(user) ?? false);
  const real = canRecover(user, policy.unlocks) ? policy.authenticators.filter(reachable) : [];
  const options = real.length ? real : policy.authenticators.slice(0, 1);
  const recovering: TxData = { ...data, verified: [], recovery: { options } };
  delete recovering.userId;
  delete recovering.email;
  delete recovering.profiles;
  delete recovering.enrollmentIds;
  delete recovering.enrolled;
  delete recovering.authTime;
  if (real.length && user) {
    recovering.userId = user.id;
    recovering.enrolled = user.enrolled ?? [];
    if (user.email) recovering.email = user.email;
    if (user.profiles) recovering.profiles = user.profiles;
    if (user.enrollmentIds) recovering.enrollmentIds = user.enrollmentIds;
  }
  if (options.length === 1) return startChallenge(recovering, options[0] as AuthenticatorKey, now, deps);
  return { status: 200, data: { ...recovering, step: { name: 'select-authenticate', options } } };
}

/**
 * The recovery factor answered: on to the new password. An authenticator proven here through the
 * user's profile but never set up (the profile email) becomes one (the user just showed they read it).
 */
export function recoveryProven(data: TxData, key: AuthenticatorKey, now: number): Outcome {
  const proven: TxData = { ...data, verified: addVerified(data.verified, key), authTime: now, step: { name: 'reset-password' } };
  const fromProfile = authenticatorFor(key).enrollmentFromProfile;
  if (!fromProfile || !data.userId || has(data).includes(key)) return { status: 200, data: proven };
  const enrollment: PendingEnrollment = fromProfile(data);
  return {
    status: 200,
    data: { ...proven, newEnrollments: [...(data.newEnrollments ?? []), enrollment] },
    effects: [{ type: 'save-enrollment', userId: data.userId, enrollment }],
  };
}
