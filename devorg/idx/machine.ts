/**
 * The Identity Engine flow as a pure state machine: (transaction, event, clock, ids) → next
 * transaction + how to answer + what the caller must do (effects). No I/O: route handlers look users
 * up and verify answers, feed the facts in as events, then carry out the effects (record a message in
 * the outbox, create the registered user). Rendering a state as IDX JSON lives in `render.ts`.
 */
import { authenticatorFor, PASSWORD } from '../authenticators';
import type { CodeState } from '../authenticators/lib/code-state';
import type { AuthenticatorKey, EnrollResult, VerifyResult } from '../authenticators/types';
import type { IdxMessage } from '../errors';
import type { UserStatus } from '../store';
import { MESSAGES } from './messages';
import type { FieldMessages } from './registration';

export type Step =
  | { name: 'identify' }
  /** The registration form (`enroll-profile`). */
  | { name: 'enroll-profile' }
  /** Verifying an authenticator; `code` while a one-time code is out (email, SMS). */
  | { name: 'challenge'; authenticator: AuthenticatorKey; code?: CodeState }
  /** Choosing which enrolled authenticator to verify with (`select-authenticator-authenticate`). */
  | { name: 'select-authenticate'; options: AuthenticatorKey[] }
  /**
   * Setting up an authenticator; `code` while a one-time code is out (email, SMS); `secret` for a
   * shared-secret authenticator (kept in the short-lived transaction until a first code proves the app
   * has it); `target` where its codes go, as collected by `enroll-data` (a phone number).
   */
  | { name: 'enroll'; authenticator: AuthenticatorKey; code?: CodeState; secret?: string; target?: string }
  /** An enrollment's first part, for authenticators that need data first (`authenticator-enrollment-data`). */
  | { name: 'enroll-data'; authenticator: AuthenticatorKey }
  /**
   * Authenticators to set up: optional ones with "Set up later" (`select-authenticator-enroll` +
   * `skip`), or, `required`, a choice the sign-on policy needs because the user has no second factor yet.
   */
  | { name: 'select-enroll'; options: AuthenticatorKey[]; required?: boolean }
  /** "Reset your password" before anyone is identified: the identifier form (`identify-recovery`). */
  | { name: 'identify-recovery' }
  /** A recovery proved who it is: the new password (`reset-authenticator`). */
  | { name: 'reset-password' }
  | { name: 'success'; interactionCode: string }
  | { name: 'terminal'; messages: IdxMessage[] };

export type ChallengeStep = Extract<Step, { name: 'challenge' }>;
export type EnrollStep = Extract<Step, { name: 'enroll' }>;

/** What the identified user's enrollments say, by authenticator (their `profile`: the phone number, the question). */
export type EnrollmentProfiles = Partial<Record<AuthenticatorKey, Record<string, unknown>>>;

/** A registration in progress. Nothing is in the users table until it completes. */
export interface Registration {
  /** Id the user will get; fixed early so the outbox and the final insert agree. */
  userId: string;
  /** Profile as entered (schema attributes only); `email` becomes the login. */
  profile: Record<string, string>;
  passwordHash?: string;
}

/** An authenticator set up in this transaction, as it will be stored. */
export interface PendingEnrollment {
  key: AuthenticatorKey;
  profile: Record<string, unknown>;
  secret?: Record<string, unknown>;
  lastUsedStep?: number;
}

/** The transaction as stored (JSON) between requests. */
export interface TxData {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  state: string;
  nonce?: string;
  createdAt: number;
  step: Step;
  /** What the user typed on the identify form, shown back under the form title. */
  identifier?: string;
  /** The resolved user; undefined while unidentified or when the identifier matched no usable account. */
  userId?: string;
  /** Shown instead of a real id for an unknown identifier, so responses look alike. */
  displayUserId?: string;
  rememberMe?: boolean;
  /** Authenticators verified (or enrolled) in this transaction, in order (→ `amr`). */
  verified: AuthenticatorKey[];
  /** When the last factor was verified, ms since the epoch (→ `auth_time`). */
  authTime?: number;
  registration?: Registration;
  /** The identified user's email address (where email codes go). */
  email?: string;
  /** The identified user's enrollments' profiles (where SMS codes go, which question to show). */
  profiles?: EnrollmentProfiles;
  /** Authenticators the identified user had before this transaction (besides the password). */
  enrolled?: AuthenticatorKey[];
  /** Authenticators set up in this transaction. */
  newEnrollments?: PendingEnrollment[];
  /** The optional-enrollment offer was declined ("Set up later"). */
  skippedOptional?: boolean;
  /** A password recovery in progress: the authenticators that may prove it is the user. */
  recovery?: { options: AuthenticatorKey[] };
}

/**
 * Remediation names a step accepts; anything else is refused without changing state. The renderer
 * offers exactly these (a step never accepts a remediation it did not offer): with `data`, the
 * challenge step's "verify with something else" is accepted only when there is something else.
 */
export function acceptedRemediations(step: Step, data?: TxData): string[] {
  switch (step.name) {
    case 'identify':
      return ['identify', 'select-enroll-profile', 'recover'];
    case 'identify-recovery':
      return ['identify-recovery'];
    case 'reset-password':
      return ['reset-authenticator'];
    case 'enroll-profile':
      return ['enroll-profile', 'select-identify'];
    case 'challenge':
      return [
        ...(step.code ? ['challenge-authenticator', 'resend', 'poll'] : ['challenge-authenticator']),
        ...(!data || alternativeFactors(data).length ? ['select-authenticator-authenticate'] : []),
        ...(authenticatorFor(step.authenticator).isPassword ? ['recover'] : []),
      ];
    case 'select-authenticate':
      return ['select-authenticator-authenticate'];
    case 'enroll':
      return step.code ? ['enroll-authenticator', 'resend', 'poll'] : ['enroll-authenticator'];
    case 'select-enroll':
      return step.required ? ['select-authenticator-enroll'] : ['select-authenticator-enroll', 'skip'];
    case 'enroll-data':
      return ['authenticator-enrollment-data'];
    case 'success':
    case 'terminal':
      return [];
  }
}

export type Event =
  | {
      type: 'identify';
      identifier: string;
      rememberMe?: boolean;
      /** undefined when no account has this login. */
      user:
        | {
            id: string;
            status: UserStatus;
            email?: string;
            profiles?: EnrollmentProfiles;
            enrolled?: AuthenticatorKey[];
          }
        | undefined;
      /** Fake user id to display for an unknown identifier. */
      displayUserId: string;
      /** The browser's org session, when it belongs to this user: what it already verified, and when. */
      session?: { verified: AuthenticatorKey[]; authTime: number };
    }
  | { type: 'answer'; authenticator: AuthenticatorKey; result: VerifyResult }
  | { type: 'select-enroll-profile' }
  | { type: 'select-identify' }
  /** The registration form, already checked: `fieldMessages` when it must be corrected. */
  | { type: 'enroll-profile'; profile: Record<string, string>; fieldMessages?: FieldMessages }
  /** The answer to the current enrollment, judged by its authenticator: what to store, or why not. */
  | { type: 'enroll-answer'; result: EnrollResult }
  /** The data an enrollment collects first (a phone number), judged: where codes will go, or why not. */
  | { type: 'enrollment-data'; result: { ok: true; target: string } | { ok: false; messages: IdxMessage[] } }
  /** An authenticator picked from a list (to verify with, or to set up). */
  | { type: 'select-authenticator'; authenticator: AuthenticatorKey }
  | { type: 'resend' }
  | { type: 'poll' }
  | { type: 'skip' }
  /** `/idp/idx/cancel`: abandon the attempt, back to the identify form (the transaction itself lives on). */
  | { type: 'cancel' }
  /** The final insert found the email taken meanwhile (a concurrent registration won). */
  | { type: 'registration-conflict' }
  /**
   * "Forgot password?". `user` is the account the identifier names, looked up again (a locked-out
   * account is not resolved at identify, yet may recover); undefined when there is none.
   */
  | { type: 'recover'; user: IdentifiedUser | undefined }
  /** The new password of a recovery: its hash, or why it was refused (field messages). */
  | { type: 'reset-password'; passwordHash?: string; fieldMessages?: FieldMessages; revokeSessions?: boolean };

/** What the identify step learns about the account an identifier names. */
export type IdentifiedUser = NonNullable<Extract<Event, { type: 'identify' }>['user']>;

export type Effect =
  | {
      type: 'send-code';
      kind: 'email' | 'sms';
      to: string;
      code: string;
      purpose: 'registration' | 'enrollment' | 'verification' | 'recovery';
    }
  | { type: 'create-user'; registration: Required<Registration>; enrollments: PendingEnrollment[] }
  /** An existing user set up an authenticator during sign-in. */
  | { type: 'save-enrollment'; userId: string; enrollment: PendingEnrollment }
  /**
   * A recovery's new password, to store before the state is saved (history, unlocking and the end of
   * a PASSWORD_EXPIRED state are the caller's, by policy).
   */
  | { type: 'set-password'; userId: string; passwordHash: string; revokeSessions: boolean };

export interface Outcome {
  data: TxData;
  /** HTTP status for the reply; 200 unless the request failed in a recoverable way. */
  status: 200 | 400 | 401 | 403 | 429;
  /** Top-level messages shown above the form. */
  messages?: IdxMessage[];
  /** Messages shown under individual fields. */
  fieldMessages?: FieldMessages;
  /** What the caller must carry out; `create-user` before saving, `send-code` after. */
  effects?: Effect[];
}

export interface FlowPolicy {
  registration: boolean;
  /** Authenticators every user must have (registration sets them up in this order). */
  requiredEnrollments: AuthenticatorKey[];
  /** Authenticators offered after the required ones, with "Set up later". */
  optionalEnrollments: AuthenticatorKey[];
  /** Sign-on: the password plus one more factor. */
  secondFactor: boolean;
  /** Sends of one code per authenticator per transaction before "Too many requests". */
  maxCodeSends: number;
  /** Wrong answers to one code before it stops being accepted. */
  maxCodeFailures: number;
  /**
   * Self-service password recovery: the authenticators that may prove it (among those the user has),
   * and whether it also unlocks a locked-out account. Absent or no authenticators: not allowed.
   */
  recovery?: { authenticators: AuthenticatorKey[]; unlocks: boolean };
  /** The identify form asks for the password too (and so offers "Forgot password?" there). */
  passwordOnIdentify?: boolean;
}

export interface MachineDeps {
  newInteractionCode(): string;
  /** A fresh one-time code and its stored state (the previous state carries the send count). */
  newCode(now: number, previous?: CodeState): { code: string; state: CodeState };
  newUserId(): string;
  /** A new shared secret for an authenticator enrolled with one (TOTP). */
  newSharedSecret(): string;
  policy: FlowPolicy;
}

export { MESSAGES } from './messages';

/**
 * Statuses that may sign in. Anything else takes the same path as an unknown user, so the response
 * never reveals that an account exists but is deactivated or staged.
 */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE']);

const refuse = (data: TxData): Outcome => ({ data, status: 400, messages: [MESSAGES.wrongStep()] });

export function transition(data: TxData, event: Event, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  switch (event.type) {
    case 'identify': {
      if (step.name === 'identify-recovery') return identifyForRecovery(data, event, now, deps);
      if (step.name !== 'identify') return refuse(data);
      const usable = event.user && CAN_SIGN_IN.has(event.user.status) ? event.user : undefined;
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
      delete next.enrolled;
      if (usable?.email) next.email = usable.email;
      if (usable?.profiles) next.profiles = usable.profiles;
      if (usable) next.enrolled = usable.enrolled ?? [];
      if (usable && event.session?.verified.length) return continueSession(next, event.session, now, deps);
      return { status: 200, data: next };
    }
    case 'answer': {
      if (step.name !== 'challenge' || step.authenticator !== event.authenticator) return refuse(data);
      if (!event.result.ok || !data.userId)
        return wrongAnswer(data, event.authenticator, event.result.ok ? 'invalid' : event.result.reason);
      if (data.recovery) return recoveryProven(data, event.authenticator, now);
      return next({ ...data, verified: addVerified(data.verified, event.authenticator), authTime: now }, now, deps);
    }
    case 'select-enroll-profile': {
      if (step.name !== 'identify') return refuse(data);
      if (!deps.policy.registration) return { data, status: 403, messages: [MESSAGES.registrationUnavailable()] };
      return { status: 200, data: { ...data, step: { name: 'enroll-profile' } } };
    }
    case 'select-identify': {
      if (step.name !== 'enroll-profile') return refuse(data);
      return { status: 200, data: restart(data) };
    }
    case 'enroll-profile': {
      if (step.name !== 'enroll-profile') return refuse(data);
      if (!deps.policy.registration) return { data, status: 403, messages: [MESSAGES.registrationUnavailable()] };
      if (event.fieldMessages && Object.keys(event.fieldMessages).length) return { data, status: 400, fieldMessages: event.fieldMessages };
      const registration: Registration = { userId: deps.newUserId(), profile: event.profile };
      return next({ ...data, registration, verified: [], newEnrollments: [] }, now, deps);
    }
    case 'enroll-answer': {
      if (step.name !== 'enroll') return refuse(data);
      const authenticator = authenticatorFor(step.authenticator);
      const result = event.result;
      if (!result.ok) {
        if ('fieldMessages' in result) return { data, status: 400, fieldMessages: result.fieldMessages };
        // Every wrong answer counts, also against an expired code, so a code can't be probed forever.
        const stay: TxData = step.code ? { ...data, step: { ...step, code: { ...step.code, failures: step.code.failures + 1 } } } : data;
        return { data: stay, status: 401, ...authenticator.wrongAnswer(result.reason, 'enroll') };
      }
      if (result.enrollment.key !== step.authenticator) return refuse(data);
      if (!authenticator.isPassword) return enrollmentDone(data, step.authenticator, result.enrollment, now, deps);
      // The registrant's password: it goes with the registration, created with the user at the end.
      const passwordHash = result.enrollment.secret?.passwordHash;
      if (!data.registration || typeof passwordHash !== 'string') return refuse(data);
      const registration = { ...data.registration, passwordHash };
      return next({ ...data, registration, verified: addVerified(data.verified, step.authenticator), authTime: now }, now, deps);
    }
    case 'enrollment-data': {
      if (step.name !== 'enroll-data') return refuse(data);
      if (!event.result.ok) return { data, status: 400, messages: event.result.messages };
      const enroll: EnrollStep = { name: 'enroll', authenticator: step.authenticator, target: event.result.target };
      const sent = sendCode({ ...data, step: enroll }, step.authenticator, now, deps);
      return { status: 200, data: { ...data, step: { ...enroll, code: sent.state } }, effects: [sent.effect] };
    }
    case 'select-authenticator': {
      if (step.name === 'select-enroll') {
        if (!step.options.includes(event.authenticator)) return refuse(data);
        return startEnroll(data, event.authenticator, now, deps);
      }
      if (step.name === 'select-authenticate' || step.name === 'challenge') {
        const offered = step.name === 'challenge' ? alternativeFactors(data) : step.options;
        if (!offered.includes(event.authenticator) || !verifyOptions(data).includes(event.authenticator)) return refuse(data);
        return startChallenge(data, event.authenticator, now, deps);
      }
      return refuse(data);
    }
    case 'resend': {
      if ((step.name !== 'enroll' && step.name !== 'challenge') || !step.code) return refuse(data);
      if (step.code.sends >= deps.policy.maxCodeSends) return { data, status: 429, messages: [MESSAGES.tooManyRequests()] };
      const sent = sendCode(data, step.authenticator, now, deps, step.code);
      return { status: 200, data: { ...data, step: { ...step, code: sent.state } }, effects: delivered(data, sent.effect) };
    }
    case 'poll': {
      // Nothing arrives out of band (no magic links), so polling just reports the current state.
      if ((step.name !== 'enroll' && step.name !== 'challenge') || !step.code) return refuse(data);
      return { status: 200, data };
    }
    case 'skip': {
      if (step.name !== 'select-enroll' || step.required) return refuse(data);
      return next({ ...data, skippedOptional: true }, now, deps);
    }
    case 'cancel':
      return { status: 200, data: restart(data) };
    case 'registration-conflict': {
      if (!data.registration) return refuse(data);
      const fresh: TxData = { ...restart(data), step: { name: 'enroll-profile' } };
      return { data: fresh, status: 400, fieldMessages: { 'userProfile.email': [MESSAGES.emailExists('Email')] } };
    }
    case 'recover': {
      const fromIdentify = step.name === 'identify' && deps.policy.passwordOnIdentify === true;
      const fromPassword = step.name === 'challenge' && authenticatorFor(step.authenticator).isPassword === true && !data.recovery;
      if (!fromIdentify && !fromPassword) return refuse(data);
      if (!deps.policy.recovery?.authenticators.length) return { data, status: 403, messages: [MESSAGES.resetNotAllowed()] };
      // Before identification (a password on the identify form): ask who is recovering first.
      if (fromIdentify) return { status: 200, data: { ...restart(data), step: { name: 'identify-recovery' } } };
      return startRecovery(data, event.user, now, deps);
    }
    case 'reset-password': {
      if (step.name !== 'reset-password' || !data.userId) return refuse(data);
      if (!event.passwordHash) return { data, status: 400, fieldMessages: event.fieldMessages ?? {} };
      // The new password is the second proof (with the recovery factor): sign-in continues by policy.
      const reset: TxData = { ...data, verified: addVerified(data.verified, PASSWORD), authTime: now };
      delete reset.recovery;
      const out = next(reset, now, deps);
      const setPassword: Effect = {
        type: 'set-password',
        userId: data.userId,
        passwordHash: event.passwordHash,
        revokeSessions: event.revokeSessions ?? false,
      };
      return { ...out, effects: [setPassword, ...(out.effects ?? [])] };
    }
  }
}

/**
 * The user already has an org session in this browser: as on Okta, the factors it verified are not asked
 * again, so the sign-in goes on with what the policy still lacks (usually nothing: straight to success).
 */
function continueSession(
  data: TxData,
  session: { verified: AuthenticatorKey[]; authTime: number },
  now: number,
  deps: MachineDeps,
): Outcome {
  return next({ ...data, verified: [...new Set(session.verified)], authTime: session.authTime }, now, deps);
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
function identifyForRecovery(data: TxData, event: Extract<Event, { type: 'identify' }>, now: number, deps: MachineDeps): Outcome {
  const known = canRecover(event.user, deps.policy.recovery?.unlocks ?? false);
  const named: TxData = { ...data, identifier: event.identifier, displayUserId: known && event.user ? event.user.id : event.displayUserId };
  return startRecovery(named, event.user, now, deps);
}

/**
 * Starts a recovery: the user's recovery authenticators (the profile email counts as the email
 * authenticator even before it is set up, as on Okta). An identifier that names no account that can
 * recover gets the same screens, with the first allowed authenticator, and no code goes anywhere.
 */
function startRecovery(data: TxData, user: IdentifiedUser | undefined, now: number, deps: MachineDeps): Outcome {
  const policy = deps.policy.recovery;
  if (!policy?.authenticators.length) return { data, status: 403, messages: [MESSAGES.resetNotAllowed()] };
  const reachable = (k: AuthenticatorKey) => user !== undefined && (authenticatorFor(k).reachable?.(user) ?? false);
  const real = canRecover(user, policy.unlocks) ? policy.authenticators.filter(reachable) : [];
  const options = real.length ? real : policy.authenticators.slice(0, 1);
  const recovering: TxData = { ...data, verified: [], recovery: { options } };
  delete recovering.userId;
  delete recovering.email;
  delete recovering.profiles;
  delete recovering.enrolled;
  delete recovering.authTime;
  if (real.length && user) {
    recovering.userId = user.id;
    recovering.enrolled = user.enrolled ?? [];
    if (user.email) recovering.email = user.email;
    if (user.profiles) recovering.profiles = user.profiles;
  }
  if (options.length === 1) return startChallenge(recovering, options[0] as AuthenticatorKey, now, deps);
  return { status: 200, data: { ...recovering, step: { name: 'select-authenticate', options } } };
}

/**
 * The recovery factor answered: on to the new password. An authenticator proven here through the
 * user's profile but never set up (the profile email) becomes one (the user just showed they read it).
 */
function recoveryProven(data: TxData, key: AuthenticatorKey, now: number): Outcome {
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

/** A recovery for no real account "sends" its codes nowhere: the screens look the same, nothing is delivered. */
function delivered(data: TxData, effect: Effect): Effect[] {
  return data.recovery && !data.userId ? [] : [effect];
}

/** An authenticator set up: recorded (at once for an existing user), then whatever the policy asks next. */
function enrollmentDone(data: TxData, key: AuthenticatorKey, enrollment: PendingEnrollment, now: number, deps: MachineDeps): Outcome {
  const enrolled: TxData = {
    ...data,
    verified: addVerified(data.verified, key),
    newEnrollments: [...(data.newEnrollments ?? []).filter((e) => e.key !== key), enrollment],
    authTime: now,
  };
  const out = next(enrolled, now, deps);
  if (data.registration || !data.userId) return out;
  // An existing user's new authenticator is theirs at once, even if they abandon the rest.
  return { ...out, effects: [{ type: 'save-enrollment', userId: data.userId, enrollment }, ...(out.effects ?? [])] };
}

/**
 * A failed verification, as the authenticator words it (the password's above the form, codes' and
 * answers' under the field). Wrong answers to a code count against it; a suspended factor and a
 * locked-out account (when the org tells so) are top-level 403s.
 */
function wrongAnswer(data: TxData, key: AuthenticatorKey, reason: 'invalid' | 'expired' | 'locked' | 'account-locked'): Outcome {
  if (reason === 'account-locked') return { data, status: 403, messages: [MESSAGES.accountLocked()] };
  const step = data.step;
  const stay: TxData =
    step.name === 'challenge' && step.code
      ? { ...data, step: { ...step, code: { ...step.code, failures: step.code.failures + 1 } } }
      : data;
  if (reason === 'locked') return { data: stay, status: 403, messages: [MESSAGES.factorSuspended()] };
  return { data: stay, status: 401, ...authenticatorFor(key).wrongAnswer(reason, 'challenge') };
}

function addVerified(verified: readonly AuthenticatorKey[], key: AuthenticatorKey): AuthenticatorKey[] {
  return verified.includes(key) ? [...verified] : [...verified, key];
}

/**
 * Back to the identify form with nothing of the abandoned attempt kept: only what `/v1/interact`
 * fixed (the client's request) survives. Built up from those fields rather than by deleting the
 * others, so a field added to `TxData` later can't leak one user's attempt into the next.
 */
function restart(data: TxData): TxData {
  const { clientId, redirectUri, scopes, codeChallenge, state, nonce, createdAt } = data;
  return {
    clientId,
    redirectUri,
    scopes,
    codeChallenge,
    state,
    ...(nonce !== undefined ? { nonce } : {}),
    createdAt,
    step: { name: 'identify' },
    verified: [],
  };
}

/** What the user has: enrolled before, plus set up in this transaction. */
function has(data: TxData): AuthenticatorKey[] {
  return [...new Set([...(data.enrolled ?? []), ...(data.newEnrollments ?? []).map((e) => e.key)])];
}

/** What the user may verify with now: the recovery authenticators during a recovery, else `challengeOptions`. */
export function verifyOptions(data: TxData): AuthenticatorKey[] {
  return data.recovery ? data.recovery.options.filter((k) => !data.verified.includes(k)) : challengeOptions(data);
}

/** Second factors the user could verify with now (enrolled earlier, not yet verified here). */
export function challengeOptions(data: TxData): AuthenticatorKey[] {
  return (data.enrolled ?? []).filter((k) => k !== PASSWORD && !data.verified.includes(k));
}

/**
 * "Verify with something else" on a challenge: the other factors the user may switch to. None on the
 * password challenge: the sign-on policy asks for the password itself, so nothing may stand in for it.
 */
export function alternativeFactors(data: TxData): AuthenticatorKey[] {
  const step = data.step;
  if (step.name !== 'challenge' || authenticatorFor(step.authenticator).isPassword) return [];
  return verifyOptions(data).filter((k) => k !== step.authenticator);
}

/**
 * What the sign-on policy still asks of this sign-in, worked out from what was verified (in whatever
 * order): the password, then, with `secondFactor`, one more factor of another kind. `undefined` once
 * the policy is satisfied. Registration and recovery prove themselves their own way and end here too.
 */
export function owedFactor(data: TxData, policy: FlowPolicy): 'password' | 'second-factor' | undefined {
  if (data.registration) return data.registration.passwordHash ? undefined : 'password';
  if (!data.verified.includes(PASSWORD)) return 'password';
  if (policy.secondFactor && !data.verified.some((k) => k !== PASSWORD)) return 'second-factor';
  return undefined;
}

/**
 * What comes next, by policy: required enrollments the user lacks; then, if anything was set up in
 * this transaction, the optional ones (with "Set up later"); then a second factor for sign-in
 * (password plus one more); then success.
 */
function next(data: TxData, now: number, deps: MachineDeps): Outcome {
  const { policy } = deps;
  const had = has(data);
  const registering = data.registration !== undefined;
  const missing = policy.requiredEnrollments.find((k) => (k === PASSWORD ? registering && !data.verified.includes(k) : !had.includes(k)));
  // Required enrollment of an unverified user waits until the password has proved who they are.
  if (missing && (registering || data.verified.includes(PASSWORD))) return startEnroll(data, missing, now, deps);

  const setUpHere = registering || (data.newEnrollments ?? []).length > 0;
  if (setUpHere && !data.skippedOptional) {
    const options = policy.optionalEnrollments.filter((k) => !had.includes(k));
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
  return finish(data, deps);
}

function startEnroll(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps): Outcome {
  switch (authenticatorFor(key).enrollWith) {
    case 'code': {
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

function startChallenge(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps): Outcome {
  if (authenticatorFor(key).delivery) {
    const sent = sendCode({ ...data, step: { name: 'challenge', authenticator: key } }, key, now, deps);
    return {
      status: 200,
      data: { ...data, step: { name: 'challenge', authenticator: key, code: sent.state } },
      effects: delivered(data, sent.effect),
    };
  }
  return { status: 200, data: { ...data, step: { name: 'challenge', authenticator: key } } };
}

/** A new code for `key`, to where its authenticator sends (`data.step` is the step the code is for). */
function sendCode(data: TxData, key: AuthenticatorKey, now: number, deps: MachineDeps, previous?: CodeState) {
  const { code, state } = deps.newCode(now, previous);
  const delivery = authenticatorFor(key).delivery;
  const purpose = data.registration
    ? 'registration'
    : data.recovery
      ? 'recovery'
      : data.step.name === 'challenge'
        ? 'verification'
        : 'enrollment';
  const effect: Effect = { type: 'send-code', kind: delivery?.kind ?? 'email', to: delivery?.address(data) ?? '', code, purpose };
  return { state, effect };
}

/** Success; a registration asks the caller to create the user (before the state is saved). */
function finish(data: TxData, deps: MachineDeps): Outcome {
  // The one door to success: whatever led here, nothing passes it while the policy is owed a factor.
  if (owedFactor(data, deps.policy) !== undefined || data.recovery) return refuse(data);
  const reg = data.registration;
  if (!reg) return { status: 200, data: { ...data, step: { name: 'success', interactionCode: deps.newInteractionCode() } } };
  if (!reg.passwordHash) return refuse(data);
  const registration: Required<Registration> = { ...reg, passwordHash: reg.passwordHash };
  return {
    status: 200,
    data: {
      ...data,
      userId: reg.userId,
      identifier: reg.profile.email,
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
