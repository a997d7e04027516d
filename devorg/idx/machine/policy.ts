/**
 * What every flow shares: what the sign-on policy still owes after each verified factor (`next`,
 * `owedFactor`, the one door to success `finish`), how a challenge or an enrollment starts, how a
 * code goes out, and how a wrong answer is told.
 */
import { authenticatorFor, passwordlessKeys, PASSWORD, signsInAlone, wireOf } from '../../authenticators';
import type { CodeState } from '../../authenticators/lib/code-state';
import type { AuthenticatorKey, DeliveryKind, WrongReason } from '../../authenticators/types';
import { MESSAGES } from '../messages';
import { offerKeepMeSignedIn } from './keep-me-signed-in';
import { registrantLogin } from './registrant';
import type { Effect, FlowPolicy, MachineDeps, Outcome, Registration, TxData } from './types';

export const refuse = (data: TxData): Outcome => ({ data, status: 400, messages: [MESSAGES.wrongStep()] });

/** A recovery for no real account "sends" its codes nowhere: the screens look the same, nothing is delivered. */
export function delivered(data: TxData, effect: Effect): Effect[] {
  return (data.recovery || data.unlock) && !data.userId ? [] : [effect];
}

/**
 * A failed verification, as the authenticator words it (the password's above the form, codes' and
 * answers' under the field). Wrong answers to a code count against it; a suspended factor and a
 * locked-out account (when the org tells so) are top-level 403s.
 */
export function wrongAnswer(data: TxData, key: AuthenticatorKey, reason: WrongReason | 'locked' | 'account-locked'): Outcome {
  // A locked-out password, told ("Show lock out failures"): as Okta's Identity Engine tells it on the password
  // challenge, the factor suspended (the widget's fixture of a password's too many attempts), the form kept.
  if (reason === 'account-locked') return { data, status: 403, messages: [MESSAGES.factorSuspended()] };
  const step = data.step;
  const stay: TxData =
    step.name === 'challenge' && step.code
      ? { ...data, step: { ...step, code: { ...step.code, failures: step.code.failures + 1 } } }
      : data;
  if (reason === 'locked') return { data: stay, status: 403, messages: [MESSAGES.factorSuspended()] };
  return { data: stay, status: 401, ...authenticatorFor(key).wrongAnswer(reason, 'challenge') };
}

export function addVerified(verified: readonly AuthenticatorKey[], key: AuthenticatorKey): AuthenticatorKey[] {
  return verified.includes(key) ? [...verified] : [...verified, key];
}

/**
 * Back to the identify form with nothing of the abandoned attempt kept: only what `/v1/interact`
 * fixed (the client's request) survives. Built up from those fields rather than by deleting the
 * others, so a field added to `TxData` later can't leak one user's attempt into the next.
 */
export function restart(data: TxData): TxData {
  const { clientId, redirectUri, scopes, codeChallenge, state, nonce, redirect, maxAge, createdAt } = data;
  return {
    clientId,
    redirectUri,
    scopes,
    codeChallenge,
    state,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(redirect !== undefined ? { redirect } : {}),
    ...(maxAge !== undefined ? { maxAge } : {}),
    createdAt,
    step: { name: 'identify' },
    verified: [],
  };
}

/** What the user has: enrolled before, plus set up in this transaction. */
export function has(data: TxData): AuthenticatorKey[] {
  return [...new Set([...(data.enrolled ?? []), ...(data.newEnrollments ?? []).map((e) => e.key)])];
}

/** What the user may verify with now: the recovery authenticators during a recovery, else `challengeOptions`. */
export function verifyOptions(data: TxData): AuthenticatorKey[] {
  const proving = data.recovery ?? data.unlock;
  return proving ? proving.options.filter((k) => !data.verified.includes(k)) : challengeOptions(data);
}

/** Second factors the user could verify with now (enrolled earlier, not yet verified here). */
export function challengeOptions(data: TxData): AuthenticatorKey[] {
  const others = (data.enrolled ?? []).filter((k) => k !== PASSWORD && !data.verified.includes(k));
  // Passwordless, before anything is verified: the password is one choice beside the passkey.
  return data.passkeyFirst && !data.verified.includes(PASSWORD) ? [...others, PASSWORD] : others;
}

/** One that signs in alone (a passkey) proves the user where the sign-on policy allows it (passwordless). */
export function passkeyAlone(data: TxData, policy: FlowPolicy): boolean {
  return policy.passwordless === true && data.verified.some(signsInAlone);
}

/**
 * "Verify with something else" on a challenge: the other factors the user may switch to. On the
 * password challenge only a passkey that signs in alone (passwordless, chosen instead of it): else the
 * sign-on policy asks for the password itself, so nothing may stand in for it.
 */
export function alternativeFactors(data: TxData): AuthenticatorKey[] {
  const step = data.step;
  if (step.name !== 'challenge' && step.name !== 'challenge-data') return [];
  if (authenticatorFor(step.authenticator).isPassword) {
    return data.passkeyFirst && !data.verified.includes(PASSWORD)
      ? verifyOptions(data).filter((k) => k !== PASSWORD && signsInAlone(k))
      : [];
  }
  return verifyOptions(data).filter((k) => k !== step.authenticator);
}

/**
 * What the sign-on policy still asks of this sign-in, worked out from what was verified (in whatever
 * order): the password, then, with `secondFactor`, one more factor of another kind. `undefined` once
 * the policy is satisfied. Registration and recovery prove themselves their own way and end here too.
 */
export function owedFactor(data: TxData, policy: FlowPolicy): 'password' | 'second-factor' | undefined {
  if (data.registration) return data.registration.passwordHash ? undefined : 'password';
  if (passkeyAlone(data, policy)) return undefined;
  if (!data.verified.includes(PASSWORD)) return 'password';
  if (policy.secondFactor && !data.verified.some((k) => k !== PASSWORD)) return 'second-factor';
  return undefined;
}

/**
 * What comes next, by policy: required enrollments the user lacks; then, if anything was set up in
 * this transaction, the optional ones (with "Set up later"); then a second factor for sign-in
 * (password plus one more); then success.
 */
export function next(data: TxData, now: number, deps: MachineDeps): Outcome {
  const { policy } = deps;
  const had = has(data);
  const registering = data.registration !== undefined;
  // A registrant's email verified by the activation email's link is not set up here.
  const byLink = (k: AuthenticatorKey) =>
    registering && policy.activationByEmail === true && authenticatorFor(k).delivery?.kind === 'email';
  const required = policy.requiredEnrollments.filter((k) =>
    k === PASSWORD ? registering && !data.verified.includes(k) : !had.includes(k) && !byLink(k),
  );
  const missing = required[0];
  // One the user may have several of (passkeys) stays offered: "Set up another".
  const optional = policy.optionalEnrollments.filter(
    (k) => !required.includes(k) && (!had.includes(k) || authenticatorFor(k).multipleEnrollments),
  );
  // Required enrollment of an unverified user waits until the password has proved who they are. The
  // rest of what may be set up now is offered beside it, as on Okta ("Return to authenticator list"):
  // whatever is picked first, the required ones still come before anything else ends the flow.
  if (missing && (registering || data.verified.includes(PASSWORD) || passkeyAlone(data, policy)))
    return withChoice(startEnroll(data, missing, now, deps), [...required, ...optional]);

  const setUpHere = registering || (data.newEnrollments ?? []).length > 0;
  const requested = data.redirect?.enroll;
  // Once the promotion was made, what it set up leads to success, not to the optional list.
  // An account that waits for its activation has nothing optional to set up yet (its first sign-in offers it).
  if (setUpHere && !data.skippedOptional && !data.promoted && !(registering && policy.activationByEmail)) {
    const options = requested ? stillToEnroll(data, requested, policy) : optional;
    if (options.length) return { status: 200, data: { ...data, step: { name: 'select-enroll', options } } };
  }

  const owed = owedFactor(data, policy);
  if (owed === 'password') {
    // A registrant sets one up (even if the enrollment policy forgot to list it); anyone else proves it.
    if (registering) return startEnroll(data, PASSWORD, now, deps);
    return startChallenge(data, PASSWORD, now, deps);
  }
  if (owed === 'second-factor') {
    const options = challengeOptions(data);
    if (options.length === 1) return startChallenge(data, options[0] as AuthenticatorKey, now, deps);
    if (options.length > 1) return { status: 200, data: { ...data, step: { name: 'select-authenticate', options } } };
    // Nothing to verify with yet: the user must set one up first (no "Set up later").
    const enrollable = policy.optionalEnrollments.filter((k) => k !== PASSWORD && !had.includes(k));
    if (enrollable.length === 1) return startEnroll(data, enrollable[0] as AuthenticatorKey, now, deps);
    if (enrollable.length > 1)
      return { status: 200, data: { ...data, step: { name: 'select-enroll', options: enrollable, required: true } } };
    return { status: 403, data: { ...data, step: { name: 'terminal', messages: [MESSAGES.noFactorForPolicy()] } } };
  }
  if (requested) {
    // An enrollment request (`prompt=enroll_authenticator`), signed in: what was asked, then back to the app.
    const options = data.skippedOptional ? [] : stillToEnroll(data, requested, policy);
    if (options.length) return { status: 200, data: { ...data, step: { name: 'select-enroll', options } } };
    return offerKeepMeSignedIn(data, deps) ?? finish(data, deps);
  }
  return promotion(data, now, deps) ?? offerKeepMeSignedIn(data, deps) ?? finish(data, deps);
}

/**
 * Of the authenticators an enrollment request asked for, those the user may still set up: ones the
 * enrollment policy has (required or optional: nothing else may be enrolled), not set up yet, or, for
 * one a user may have several of (passkeys), not set up in this request yet. Never the password: a
 * signed-in user changes theirs (MyAccount), devorg enrolls one only at registration.
 */
function stillToEnroll(data: TxData, requested: readonly AuthenticatorKey[], policy: FlowPolicy): AuthenticatorKey[] {
  const had = has(data);
  const setUpHere = new Set((data.newEnrollments ?? []).map((e) => e.key));
  return requested.filter(
    (k) =>
      k !== PASSWORD &&
      (policy.optionalEnrollments.includes(k) || policy.requiredEnrollments.includes(k)) &&
      (!had.includes(k) || (authenticatorFor(k).multipleEnrollments === true && !setUpHere.has(k))),
  );
}

/**
 * The promotion after a signed-in user has proven everything (Okta's `enroll-authenticator-promotion`
 * with "Maybe later"): by policy, once per transaction, to a user with nothing that signs in alone, for
 * one the enrollment policy offers. Not after a registration or a recovery, nor to a user who has just
 * declined the optional enrollments ("Set up later") in this transaction.
 */
function promotion(data: TxData, now: number, deps: MachineDeps): Outcome | undefined {
  const { policy } = deps;
  if (!policy.passkeyPromotion || data.registration || data.recovery || !data.userId || data.promoted || data.skippedOptional)
    return undefined;
  if (has(data).some(signsInAlone)) return undefined;
  const key = passwordlessKeys().find((k) => policy.optionalEnrollments.includes(k));
  if (!key) return undefined;
  const out = startEnroll({ ...data, promoted: true }, key, now, deps);
  const step = out.data.step;
  return step.name === 'enroll' ? { ...out, data: { ...out.data, step: { ...step, promotion: true } } } : out;
}

/**
 * A required enrollment started on its own, with the list it could have been picked from (no "Set up
 * later": one is required) when there is more than it to set up.
 */
function withChoice(out: Outcome, options: AuthenticatorKey[]): Outcome {
  const step = out.data.step;
  if (options.length < 2 || (step.name !== 'enroll' && step.name !== 'enroll-data')) return out;
  return { ...out, data: { ...out.data, step: { ...step, from: { options, required: true } } } };
}

export function startEnroll(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps): Outcome {
  switch (authenticatorFor(key).enrollWith) {
    case 'code': {
      // By policy an email enrollment first shows "Send me an email": the code goes out when asked (enroll-data).
      if (deps.policy.enrollEmailOnRequest && authenticatorFor(key).delivery?.kind === 'email')
        return { status: 200, data: { ...data, step: { name: 'enroll-data', authenticator: key } } };
      const sent = sendCode(data, key, now, deps);
      return { status: 200, data: { ...data, step: { name: 'enroll', authenticator: key, code: sent.state } }, effects: [sent.effect] };
    }
    case 'secret':
      return { status: 200, data: { ...data, step: { name: 'enroll', authenticator: key, secret: deps.newSharedSecret() } } };
    case 'data':
      return { status: 200, data: { ...data, step: { name: 'enroll-data', authenticator: key } } };
    case 'form':
      return { status: 200, data: { ...data, step: { name: 'enroll', authenticator: key } } };
  }
}

export function startChallenge(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps, method?: string): Outcome {
  // Before the code goes out, unless the user has said how (`method`): several ways to send it (a phone's
  // text or call) are the user's to pick, as on Okta; and by policy an email waits for "Send me an email".
  const delivery = authenticatorFor(key).delivery;
  if (delivery && method === undefined && (wireOf(key).methods.length > 1 || (deps.policy.sendEmailOnRequest && delivery.kind === 'email')))
    return { status: 200, data: { ...data, step: { name: 'challenge-data', authenticator: key } } };
  if (authenticatorFor(key).delivery) {
    const chosen = method !== undefined ? { method } : {};
    const sent = sendCode({ ...data, step: { name: 'challenge', authenticator: key, ...chosen } }, key, now, deps);
    return {
      status: 200,
      data: { ...data, step: { name: 'challenge', authenticator: key, ...chosen, code: sent.state } },
      effects: delivered(data, sent.effect),
    };
  }
  // A challenge-response authenticator (a passkey) signs a random value that only this challenge step holds,
  // verifying the user too where the sign-on policy asks it (its answer is judged against this step).
  const nonce = authenticatorFor(key).challengeNonce ? { nonce: deps.newSharedSecret() } : {};
  const uv = deps.policy.userVerification ? { userVerification: deps.policy.userVerification } : {};
  return { status: 200, data: { ...data, step: { name: 'challenge', authenticator: key, ...nonce, ...uv } } };
}

/** A new code for `key`, to where its authenticator sends (`data.step` is the step the code is for). */
/** How the step's code goes out: by the method chosen (a phone's call), else the authenticator's own kind. */
export function deliveryKind(data: TxData, key: AuthenticatorKey): DeliveryKind {
  const delivery = authenticatorFor(key).delivery;
  const method = data.step.name === 'challenge' || data.step.name === 'enroll' ? data.step.method : undefined;
  return (method !== undefined ? delivery?.kinds?.[method] : undefined) ?? delivery?.kind ?? 'email';
}

export function sendCode(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps, previous?: CodeState) {
  const { code, state } = deps.newCode(now, previous);
  const delivery = authenticatorFor(key).delivery;
  const purpose = data.registration
    ? 'registration'
    : data.recovery
      ? 'recovery'
      : data.step.name === 'challenge'
        ? 'verification'
        : 'enrollment';
  const effect: Effect = { type: 'send-code', kind: deliveryKind(data, key), to: delivery?.address(data) ?? '', code, purpose };
  return { state, effect };
}

/** Success; a registration asks the caller to create the user (before the state is saved). */
export function finish(data: TxData, deps: MachineDeps): Outcome {
  // The one door to success: whatever led here, nothing passes it while the policy is owed a factor.
  if (owedFactor(data, deps.policy) !== undefined || data.recovery) return refuse(data);
  const reg = data.registration;
  if (!reg) return { status: 200, data: { ...data, step: { name: 'success', interactionCode: deps.newInteractionCode() } } };
  if (!reg.passwordHash) return refuse(data);
  const registration: Required<Registration> = { ...reg, passwordHash: reg.passwordHash };
  if (deps.policy.activationByEmail) {
    // Okta's "Email verification required before access": the account waits for its activation email.
    return {
      status: 200,
      data: { ...data, step: { name: 'terminal', messages: [MESSAGES.emailVerificationRequired()] } },
      effects: [{ type: 'create-user', registration, enrollments: data.newEnrollments ?? [], activation: true }],
    };
  }
  return {
    status: 200,
    data: {
      ...data,
      userId: reg.userId,
      identifier: registrantLogin(reg),
      displayUserId: reg.userId,
      step: { name: 'success', interactionCode: deps.newInteractionCode() },
    },
    effects: [{ type: 'create-user', registration, enrollments: data.newEnrollments ?? [] }],
  };
}

/** `amr` values for the verified authenticators, plus `mfa` when more than one kind was used. */
export function amrFor(verified: readonly AuthenticatorKey[], amrOf: (key: AuthenticatorKey) => string): string[] {
  const amr = [...new Set(verified.map(amrOf))];
  return amr.length > 1 ? [...amr, 'mfa'] : amr;
}
