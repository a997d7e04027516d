/**
 * Signing in: the identifier, answers to challenges, choosing what to verify with, codes re-sent and
 * polled, and starting over (cancel). What comes after each verified factor is the policy's (`next`).
 */
import { authenticatorFor, passwordlessKeys, PASSWORD, wireOf } from '../../authenticators';
import type { AuthenticatorKey } from '../../authenticators/types';
import type { UserStatus } from '../../store';
import { MESSAGES } from '../messages';
import {
  addVerified,
  alternativeFactors,
  delivered,
  deliveryKind,
  next,
  refuse,
  restart,
  sendCode,
  startChallenge,
  verifyOptions,
  wrongAnswer,
} from './policy';
import { enrollmentData } from './enrollment';
import { identifyForRecovery, recoveryProven } from './recovery';
import { unlockProven } from './unlock';
import { startEnroll } from './policy';
import type { EnrollChoice, Event, MachineDeps, Outcome, TxData } from './types';

/**
 * Statuses that may sign in. Anything else takes the same path as an unknown user, so the response
 * never reveals that an account exists but is deactivated or staged.
 */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PASSWORD_EXPIRED']);

/** The identifier: a usable account goes on to its password (or straight on, with its org session); any other gets the same screens. */
export function identify(data: TxData, event: Extract<Event, { type: 'identify' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name === 'identify-recovery') return identifyForRecovery(data, event, now, deps);
  if (step.name !== 'identify') return refuse(data);
  const usable = event.user && CAN_SIGN_IN.has(event.user.status) ? event.user : undefined;
  // User enumeration prevention off: a username with no usable account is told so, on the same form.
  if (!usable && deps.policy.revealUnknownUsers) return { data, status: 200, messages: [MESSAGES.unknownUser(event.identifier)] };
  // The sign-on rule for this user denies access (an account that can't sign in is answered as an
  // unknown one is: by the default rule). The transaction ends here, as Okta's does.
  if (deps.policy.accessDenied && (usable || !event.user)) {
    const denied: TxData = { ...data, identifier: event.identifier, userId: usable?.id, displayUserId: usable?.id ?? event.displayUserId };
    return { status: 403, data: { ...denied, step: { name: 'terminal', messages: [MESSAGES.accessDenied()] } } };
  }
  const next: TxData = {
    ...data,
    identifier: event.identifier,
    userId: usable?.id,
    displayUserId: usable?.id ?? event.displayUserId,
    ...(event.rememberMe !== undefined ? { rememberMe: event.rememberMe } : {}),
    step: { name: 'challenge', authenticator: PASSWORD },
  };
  delete next.email;
  delete next.profiles;
  delete next.enrollmentIds;
  delete next.enrolled;
  delete next.passwordExpired;
  delete next.userContext;
  if (usable?.context) next.userContext = usable.context;
  // An expired password is still checked first; the user then chooses a new one (and no org session or
  // passkey stands in for it).
  if (usable?.status === 'PASSWORD_EXPIRED') {
    next.passwordExpired = true;
    if (usable.email) next.email = usable.email;
    if (usable.profiles) next.profiles = usable.profiles;
    if (usable.enrollmentIds) next.enrollmentIds = usable.enrollmentIds;
    next.enrolled = usable.enrolled ?? [];
    return { status: 200, data: next };
  }
  if (usable?.email) next.email = usable.email;
  if (usable?.profiles) next.profiles = usable.profiles;
  if (usable?.enrollmentIds) next.enrollmentIds = usable.enrollmentIds;
  if (usable) next.enrolled = usable.enrolled ?? [];
  if (usable && event.session?.verified.length) return continueSession(next, event.session, now, deps);
  // Passwordless: a user with a passkey picks it or the password (an account without one, or none, gets the password).
  const alone = deps.policy.passwordless ? passwordlessKeys().filter((k) => next.enrolled?.includes(k)) : [];
  if (usable && alone.length)
    return { status: 200, data: { ...next, passkeyFirst: true, step: { name: 'select-authenticate', options: [...alone, PASSWORD] } } };
  return { status: 200, data: next };
}

/** A challenge answered, judged by its authenticator: the policy decides what follows (a recovery goes on to the new password). */
export function answer(data: TxData, event: Extract<Event, { type: 'answer' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'challenge' || step.authenticator !== event.authenticator) return refuse(data);
  if (!event.result.ok || !data.userId) return wrongAnswer(data, event.authenticator, event.result.ok ? 'invalid' : event.result.reason);
  if (data.recovery) return recoveryProven(data, event.authenticator, now);
  if (data.unlock) return unlockProven(data);
  if (data.passwordExpired && authenticatorFor(event.authenticator).isPassword) {
    const verified = addVerified(data.verified, event.authenticator);
    return { status: 200, data: { ...data, verified, authTime: now, step: { name: 'reset-password', expired: true } } };
  }
  return next({ ...data, verified: addVerified(data.verified, event.authenticator), authTime: now }, now, deps);
}

/** An authenticator picked from the list offered: to set up, or to verify with. */
export function selectAuthenticator(
  data: TxData,
  event: Extract<Event, { type: 'select-authenticator' }>,
  now: number,
  deps: MachineDeps,
): Outcome {
  const step = data.step;
  // From the list, or back to it from one of its enrollments ("Return to authenticator list").
  const choice = step.name === 'select-enroll' ? { options: step.options, required: step.required } : enrollChoiceOf(step);
  if (choice) {
    if (!choice.options.includes(event.authenticator)) return refuse(data);
    const out = startEnroll(data, event.authenticator, now, deps);
    const started = out.data.step;
    const from = { options: choice.options, ...(choice.required ? { required: true } : {}) };
    if (started.name !== 'enroll' && started.name !== 'enroll-data') return out;
    return { ...out, data: { ...out.data, step: { ...started, from } } };
  }
  // How its code goes out (`authenticator-verification-data`: "Send me an email", a text or a call): the
  // method named, else its first.
  if (step.name === 'challenge-data' && event.authenticator === step.authenticator) {
    const methods = wireOf(step.authenticator).methods.map((m) => m.type);
    const method = event.methodType ?? methods[0];
    if (method === undefined || !methods.includes(method)) return refuse(data);
    return startChallenge(data, step.authenticator, now, deps, method);
  }
  // The one being verified, picked again (Okta lists it beside its own challenge): its challenge starts
  // over; a code already out is sent again, counted as a resend (so the list is no way around the limit).
  if (step.name === 'challenge' && event.authenticator === step.authenticator) {
    const methods = wireOf(step.authenticator).methods.map((m) => m.type);
    const current = step.method ?? methods[0];
    if (event.methodType !== undefined && event.methodType !== current) return refuse(data);
    if (step.code) return resend(data, { type: 'resend' }, now, deps);
    return startChallenge(data, step.authenticator, now, deps, step.method);
  }
  if (step.name === 'select-authenticate' || step.name === 'challenge' || step.name === 'challenge-data') {
    const offered = step.name === 'select-authenticate' ? step.options : alternativeFactors(data);
    if (!offered.includes(event.authenticator) || !verifyOptions(data).includes(event.authenticator)) return refuse(data);
    const methods = wireOf(event.authenticator).methods.map((m) => m.type);
    if (event.methodType !== undefined && !methods.includes(event.methodType)) return refuse(data);
    // A method named only when there is a choice (the phone's SMS or call); a single-method one is itself.
    const method = methods.length > 1 ? event.methodType : undefined;
    return startChallenge(data, event.authenticator, now, deps, method);
  }
  return refuse(data);
}

/** The list an enrollment was picked from, if it was (a promotion or a required set-up was not). */
function enrollChoiceOf(step: TxData['step']): EnrollChoice | undefined {
  return (step.name === 'enroll' || step.name === 'enroll-data') && step.from ? step.from : undefined;
}

/** A new code for the step's authenticator, up to the policy's number of sends. */
export function resend(data: TxData, _event: Extract<Event, { type: 'resend' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  // Okta offers `resend` before anything went out too (beside "Send me an email", a phone's text-or-call
  // choice): posted there, the code goes out the authenticator's first way, as that form's default.
  if (step.name === 'challenge-data') {
    const first = wireOf(step.authenticator).methods[0]?.type;
    if (first === undefined || !authenticatorFor(step.authenticator).delivery) return refuse(data);
    return startChallenge(data, step.authenticator, now, deps, first);
  }
  // Enroll-email-first: nothing sent yet, so its resend is the first send ("Send me an email").
  if (step.name === 'enroll-data' && authenticatorFor(step.authenticator).delivery?.kind === 'email')
    return enrollmentData(data, { type: 'enrollment-data', result: { ok: true, method: 'email' } }, now, deps);
  if ((step.name !== 'enroll' && step.name !== 'challenge') || !step.code) return refuse(data);
  if (step.code.sends >= deps.policy.maxCodeSends) {
    // Okta's SMS and call limits end the form (`errors.E0000150` / `E0000151`); email keeps it, with "Too many requests".
    const kind = deliveryKind(data, step.authenticator);
    if (kind === 'sms') return { data, status: 429, formless: true, messages: [MESSAGES.smsLimit()] };
    if (kind === 'voice') return { data, status: 429, formless: true, messages: [MESSAGES.callLimit()] };
    return { data, status: 429, messages: [MESSAGES.tooManyRequests()] };
  }
  const sent = sendCode(data, step.authenticator, now, deps, step.code);
  return { status: 200, data: { ...data, step: { ...step, code: sent.state } }, effects: delivered(data, sent.effect) };
}

/**
 * Polling reports the current state and changes nothing: while the code form is open, or after an
 * email's magic link answered it elsewhere (the widget then shows what came next).
 */
export function poll(data: TxData, _event: Extract<Event, { type: 'poll' }>, _now: number, _deps: MachineDeps): Outcome {
  return { status: 200, data };
}

/** `/idp/idx/cancel`: back to the identify form, nothing of the attempt kept. */
export function cancel(data: TxData): Outcome {
  return { status: 200, data: restart(data) };
}

/**
 * The user already has an org session in this browser: as on Okta, the factors it verified are not asked
 * again, so the sign-in goes on with what the policy still lacks (usually nothing: straight to success).
 */
export function continueSession(
  data: TxData,
  session: { verified: AuthenticatorKey[]; authTime: number },
  now: number,
  deps: MachineDeps,
): Outcome {
  // The sign-in that started the session made the promotion (and asked "Stay signed in?") already: not again on every app.
  const continued: TxData = { ...data, verified: [...new Set(session.verified)], authTime: session.authTime, promoted: true };
  return next({ ...continued, keepMeSignedInAsked: true }, now, deps);
}
