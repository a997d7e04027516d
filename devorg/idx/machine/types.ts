/** The machine's shapes: steps, the stored transaction, events, effects, outcomes, policy and deps. */
import type { CodeState } from '../../authenticators/lib/code-state';
import type { AuthenticatorKey, DeliveryKind, EnrollmentDataResult, EnrollResult, VerifyResult } from '../../authenticators/types';
import type { IdxMessage } from '../../errors';
import type { RedirectSignIn } from '../../oidc/hosted/redirect-sign-in';
import type { UserStatus } from '../../store';
import type { FieldMessages } from '../messages';

export type Step =
  | { name: 'identify' }
  /** The registration form (`enroll-profile`). */
  | { name: 'enroll-profile' }
  /**
   * Verifying an authenticator; `code` while a one-time code is out (email, SMS); `nonce`, the random
   * value a challenge-response authenticator's answer signs (a passkey), fresh for each challenge;
   * `userVerification`, the sign-on policy's demand that it verify the user too (PIN or biometrics).
   */
  | {
      name: 'challenge';
      authenticator: AuthenticatorKey;
      code?: CodeState;
      nonce?: string;
      userVerification?: 'required';
      /** The method chosen among the authenticator's (`methodType`: a phone's `sms` or `voice`); absent: its first. */
      method?: string;
    }
  /**
   * Before a code goes out (`authenticator-verification-data`): choosing how an authenticator with several
   * methods sends it (a phone's text or call), or, by policy, "Send me an email": sent once the user asks.
   */
  | { name: 'challenge-data'; authenticator: AuthenticatorKey }
  /** "Unlock account?": the identifier and the authenticator to prove it (`select-authenticator-unlock-account`). */
  | { name: 'unlock-identify'; options: AuthenticatorKey[] }
  /** Choosing which enrolled authenticator to verify with (`select-authenticator-authenticate`). */
  | { name: 'select-authenticate'; options: AuthenticatorKey[] }
  /**
   * Setting up an authenticator; `code` while a one-time code is out (email, SMS); `secret` for a
   * shared-secret authenticator (kept in the short-lived transaction until a first code proves the app
   * has it); `target` where its codes go, as collected by `enroll-data` (a phone number); `promotion`,
   * offered after a sign-in with "Maybe later" (`enroll-authenticator-promotion` + `skip`); `from`, the
   * list it was picked from, offered again beside the form (the widget's "Return to authenticator list").
   */
  | {
      name: 'enroll';
      authenticator: AuthenticatorKey;
      code?: CodeState;
      secret?: string;
      target?: string;
      /** The method chosen with the data (`methodType`: a phone's `sms` or `voice`); absent: its first. */
      method?: string;
      promotion?: true;
      from?: EnrollChoice;
    }
  /** An enrollment's first part, for authenticators that need data first (`authenticator-enrollment-data`). */
  | { name: 'enroll-data'; authenticator: AuthenticatorKey; from?: EnrollChoice }
  /**
   * Authenticators to set up: optional ones with "Set up later" (`select-authenticator-enroll` +
   * `skip`), or, `required`, a choice the sign-on policy needs because the user has no second factor yet.
   */
  | { name: 'select-enroll'; options: AuthenticatorKey[]; required?: boolean }
  /** "Reset your password" before anyone is identified: the identifier form (`identify-recovery`). */
  | { name: 'identify-recovery' }
  /**
   * A new password: a recovery proved who it is (`reset-authenticator`), or, `expired`, the password
   * just verified has expired and must be replaced before the sign-in goes on (`reenroll-authenticator`).
   */
  | { name: 'reset-password'; expired?: true }
  /** Okta's post-sign-in "Stay signed in?" (`keep-me-signed-in`), by sign-on policy. */
  | { name: 'keep-me-signed-in' }
  | { name: 'success'; interactionCode: string }
  | { name: 'terminal'; messages: IdxMessage[] };

/**
 * What Okta's replies say of a signed-in user (`user.value.profile`, `passwordChanged`), shown only once
 * the user has proven a factor in the transaction: before that it would tell who has an account.
 */
export interface UserContext {
  profile: { login?: string; firstName?: string; lastName?: string; locale?: string; timeZone?: string };
  /** When the password was last set, ms since the epoch. */
  passwordChanged?: number;
}

/** A list of authenticators to set up, as a `select-enroll` step offered it. */
export interface EnrollChoice {
  options: AuthenticatorKey[];
  required?: boolean;
}

export type ChallengeStep = Extract<Step, { name: 'challenge' }>;
export type EnrollStep = Extract<Step, { name: 'enroll' }>;

/** What the identified user's enrollments say, by authenticator (their `profile`: the phone number, the question). */
export type EnrollmentProfiles = Partial<Record<AuthenticatorKey, Record<string, unknown>>>;

/** A registration in progress. Nothing is in the users table until it completes. */
export interface Registration {
  /** Id the user will get; fixed early so the outbox and the final insert agree. */
  userId: string;
  /** Profile as entered (schema attributes only); the login is `login` if the form asks for it, else `email` (`registrantLogin`). */
  profile: Record<string, string>;
  passwordHash?: string;
}

/** An authenticator set up in this transaction, as it will be stored. */
export interface PendingEnrollment {
  key: AuthenticatorKey;
  /** Its enrollment id (`sms…`, `eml…`), drawn when it was set up; distinct from the authenticator's id. */
  id?: string;
  profile: Record<string, unknown>;
  secret?: Record<string, unknown>;
  lastUsedStep?: number;
}

/** The transaction as stored (JSON) between requests. */
export interface TxData {
  clientId: string;
  /** The authorization server the transaction was started on (its interaction code is redeemed there); absent: the default one. */
  server?: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  state: string;
  nonce?: string;
  /** Started by `/v1/authorize` (the Okta-hosted page): success redirects to the client with a code. */
  redirect?: RedirectSignIn;
  /**
   * `max_age` of `/v1/interact`, in seconds: an org session authenticated longer ago doesn't count, so the
   * user signs in again (how an app answers a step-up challenge such as MyAccount's `max_age`).
   */
  maxAge?: number;
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
  /** The identified user's enrollment ids, by authenticator (Okta's `authenticatorEnrollments[].id`, `enrollmentId`). */
  enrollmentIds?: Partial<Record<AuthenticatorKey, string>>;
  /** Authenticators the identified user had before this transaction (besides the password). */
  enrolled?: AuthenticatorKey[];
  /** Authenticators set up in this transaction. */
  newEnrollments?: PendingEnrollment[];
  /** Passwordless: the password is one of the choices, not owed first (a passkey alone will do). */
  passkeyFirst?: true;
  /** The optional-enrollment offer was declined ("Set up later"). */
  skippedOptional?: boolean;
  /** The identified account's profile as the replies show it once a factor is proven. */
  userContext?: UserContext;
  /** The account's password has expired (PASSWORD_EXPIRED): once verified, it must be changed. */
  passwordExpired?: true;
  /** The promotion after sign-in was made (or is not due: an org session's sign-in made it); never twice. */
  promoted?: true;
  /** A password recovery in progress: the authenticators that may prove it is the user. */
  recovery?: { options: AuthenticatorKey[] };
  /** The post-sign-in "Stay signed in?" was asked (or is not due: an org session signed the user in); never twice. */
  keepMeSignedInAsked?: true;
  /** A self-service unlock in progress: the authenticator chosen to prove it. */
  unlock?: { options: AuthenticatorKey[] };
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
            enrollmentIds?: Partial<Record<AuthenticatorKey, string>>;
            enrolled?: AuthenticatorKey[];
            context?: UserContext;
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
  /**
   * The registration form, already checked (and judged by the registration inline hook, if the policy
   * names one): `fieldMessages` and/or `messages` when it must be corrected, `failed` when the hook could
   * not judge it (Okta's "There was an error creating your account"); `passwordHash` when the form carried
   * the password (`policies.enrollAuthenticatorTypes`), already judged by the policy.
   */
  | {
      type: 'enroll-profile';
      profile: Record<string, string>;
      fieldMessages?: FieldMessages;
      messages?: IdxMessage[];
      failed?: true;
      passwordHash?: string;
    }
  /** The answer to the current enrollment, judged by its authenticator: what to store, or why not. */
  | { type: 'enroll-answer'; result: EnrollResult }
  /** The data an enrollment collects first (a phone number), judged: where codes will go, or why not. */
  | { type: 'enrollment-data'; result: EnrollmentDataResult }
  /** An authenticator picked from a list (to verify with, or to set up), with the method picked too (`methodType`), if any. */
  | { type: 'select-authenticator'; authenticator: AuthenticatorKey; methodType?: string }
  | { type: 'resend' }
  | { type: 'poll' }
  | { type: 'skip' }
  /** `/idp/idx/cancel`: abandon the attempt, back to the identify form (the transaction itself lives on). */
  | { type: 'cancel' }
  /** The final insert found the login taken meanwhile (a concurrent registration won): the form's message for it. */
  | { type: 'registration-conflict'; fieldMessages: FieldMessages }
  /**
   * "Forgot password?". `user` is the account the identifier names, looked up again (a locked-out
   * account is not resolved at identify, yet may recover); undefined when there is none.
   */
  | { type: 'recover'; user: IdentifiedUser | undefined }
  /** The new password of a recovery: its hash, or why it was refused (field messages). */
  | { type: 'reset-password'; passwordHash?: string; fieldMessages?: FieldMessages; revokeSessions?: boolean }
  /** "Unlock account?" on the identify form. */
  | { type: 'unlock-account' }
  /** The unlock's identifier and authenticator; `user` is the account the identifier names (any status), if any. */
  | {
      type: 'unlock-identify';
      identifier: string;
      authenticator: AuthenticatorKey;
      user: IdentifiedUser | undefined;
      displayUserId: string;
    }
  /** The answer to the post-sign-in "Stay signed in?". */
  | { type: 'keep-me-signed-in'; keepMeSignedIn: boolean };

/** What the identify step learns about the account an identifier names. */
export type IdentifiedUser = NonNullable<Extract<Event, { type: 'identify' }>['user']>;

export type Effect =
  | {
      type: 'send-code';
      kind: DeliveryKind;
      to: string;
      code: string;
      purpose: 'registration' | 'enrollment' | 'verification' | 'recovery';
    }
  /** `activation`: the account waits PROVISIONED for its activation email's link (which also sets up the email). */
  | { type: 'create-user'; registration: Required<Registration>; enrollments: PendingEnrollment[]; activation?: true }
  /** An existing user set up an authenticator during sign-in. */
  | { type: 'save-enrollment'; userId: string; enrollment: PendingEnrollment }
  /**
   * A recovery's new password, to store before the state is saved (history, unlocking and the end of
   * a PASSWORD_EXPIRED state are the caller's, by policy).
   */
  | { type: 'set-password'; userId: string; passwordHash: string; revokeSessions: boolean; reason?: 'expired' }
  /** A self-service unlock proven: the account leaves LOCKED_OUT (before the state is saved). */
  | { type: 'unlock-user'; userId: string };

export interface Outcome {
  data: TxData;
  /** HTTP status for the reply; 200 unless the request failed in a recoverable way. */
  status: 200 | 400 | 401 | 403 | 429;
  /** Top-level messages shown above the form. */
  messages?: IdxMessage[];
  /** Messages shown under individual fields. */
  fieldMessages?: FieldMessages;
  /** The reply is the envelope and its messages alone, no form (Okta's answer to too many SMS or calls). */
  formless?: true;
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
  recovery?: { authenticators: AuthenticatorKey[]; unlocks: boolean; endsAtReset?: true };
  /** A user with a passkey may sign in with it alone (the passkey or the password, after the identifier). */
  passwordless?: boolean;
  /** The identify form asks for the password too (and so offers "Forgot password?" there). */
  passwordOnIdentify?: boolean;
  /**
   * After a sign-in, a user with nothing that signs in alone is offered to set it up (a passkey, among
   * the optional enrollments), with "Maybe later": Okta's passkey promotion.
   */
  passkeyPromotion?: boolean;
  /**
   * Sign-on: an authenticator that can verify the user (a passkey's PIN or biometrics) must, at its
   * challenge: Okta's possession constraint "Require PIN or biometric user verification".
   */
  userVerification?: 'required';
  /** Self-service unlock ("Unlock account?"): the authenticators that may prove it. Absent or none: not offered. */
  unlock?: { authenticators: AuthenticatorKey[] };
  /** Enrollment: setting up email first shows "Send me an email" (`authenticator-enrollment-data`); the code waits for it. */
  enrollEmailOnRequest?: boolean;
  /** Sign-on: an email code goes out only when the user asks ("Send me an email", `authenticator-verification-data`). */
  sendEmailOnRequest?: boolean;
  /** Sign-on: after sign-in, Okta's "Stay signed in?" prompt (accepting makes the org session persistent). */
  keepMeSignedInPrompt?: boolean;
  /**
   * Registration verifies the email by an activation email, before access (the app's or the org's profile
   * enrollment): no email code during registration, and it ends on "check your email", the account PROVISIONED.
   */
  activationByEmail?: true;
  /** User enumeration prevention off: an unknown username is told at identify (`idx.unknown.user`). */
  revealUnknownUsers?: true;
  /** Sign-on: the rule that applies denies access (Okta's "Access is: Denied"): identify ends on `security.access_denied`. */
  accessDenied?: true;
}

export interface MachineDeps {
  newInteractionCode(): string;
  /** A fresh one-time code and its stored state (the previous state carries the send count). */
  newCode(now: number, previous?: CodeState): { code: string; state: CodeState };
  newUserId(): string;
  /** A new shared secret for an authenticator enrolled with one (TOTP); also a challenge's random nonce. */
  newSharedSecret(): string;
  policy: FlowPolicy;
}
