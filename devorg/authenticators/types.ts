/**
 * The one interface every authenticator implements, as okta-auth-js's `lib/idx/authenticator/` gives
 * each authenticator one class. An authenticator owns everything that differs between them: its wire
 * names (IDX, `amr`, the factors API), how an enrollment and a challenge start, how an answer is
 * verified (the very code the answer route runs), what a wrong answer shows, and its parts of the
 * IDX reply. The machine, the routes, the renderer, the factors API and the session code ask the
 * registry (`./index.ts`) and name no authenticator.
 *
 * Adding one: a folder `authenticators/<name>/` exporting an `Authenticator`, one registry line, and
 * whatever it stores in an enrollment's `profile`/`secret` (JSON columns: no migration unless it needs
 * its own table).
 */
import type { OrgContext } from '../context';
import type { IdxMessage } from '../errors';
import type { ChallengeStep, EnrollStep, IdentifiedUser, PendingEnrollment, TxData } from '../idx/machine/types';
import type { FieldMessages } from '../idx/messages';
import type { PasswordPolicy } from '../config';
import type { EnrollmentRecord, UserRecord } from '../store';

/** Every authenticator devorg knows by name (a policy may list only these; the config schema checks it). */
export const AUTHENTICATOR_KEYS = ['okta_password', 'okta_email', 'google_otp', 'phone_number', 'security_question', 'webauthn'] as const;

export type AuthenticatorKey = (typeof AUTHENTICATOR_KEYS)[number];

export interface IdxField {
  name: string;
  label?: string;
  type?: 'string' | 'boolean' | 'object' | 'number';
  required?: boolean;
  secret?: boolean;
  minLength?: number;
  maxLength?: number;
  /** A code's alphabet where it is not digits only (Okta's `format: "alphanumeric"` on a passcode). */
  format?: 'alphanumeric';
  value?: unknown;
  visible?: boolean;
  mutable?: boolean;
  form?: { value: IdxField[] };
  options?: unknown[];
  messages?: { type: 'array'; value: unknown[] };
  /** The object this field is about (a JSONPath in the same reply): the registration form's password names the password authenticator. */
  relatesTo?: string;
}

/** Everything an authenticator is called on the wire, in one record. */
export interface WireNames {
  key: AuthenticatorKey;
  /** Authenticator id (`aut…`), stable for the org. */
  id: string;
  type: string;
  displayName: string;
  methods: { type: string }[];
  /** How the select forms label each of `methods` when there are several (phone: "SMS", "Voice call"). */
  methodLabels?: Record<string, string>;
  /** `amr` value recorded when this authenticator is verified. */
  amr: string;
  /** How Okta's factors API (`/api/v1/users/{id}/factors`) names it; absent: not a factor there (the password). */
  factor?: { factorType: string; provider: string; vendorName: string };
  /** Prefix of its enrollment ids (Okta's `eml…`, `uft…`), so ids look like Okta's. */
  enrollmentPrefix: string;
}

/**
 * A judged challenge answer. `locked`: this factor is suspended (too many wrong answers);
 * `account-locked`: the account is locked out and the org tells so (the routes answer Okta's message).
 */
/** Why an answer was wrong: not the code, too old, or a one-time code already spent (TOTP). */
export type WrongReason = 'invalid' | 'expired' | 'used';

export type VerifyResult = { ok: true } | { ok: false; reason: WrongReason | 'locked' | 'account-locked' };

/** Enrollment data judged: where codes will go and by which method (`methodType`), or why not. */
/** `target`: where codes will go (a phone number); absent where the authenticator knows (email: the user's address). */
export type EnrollmentDataResult = { ok: true; target?: string; method?: string } | { ok: false; messages: IdxMessage[] };

/** A judged enrollment answer: what to store, a wrong code (counted against it), or rule problems (400). */
export type EnrollResult =
  { ok: true; enrollment: PendingEnrollment } | { ok: false; reason: 'invalid' | 'expired' } | { ok: false; fieldMessages: FieldMessages };

/** What a wrong answer shows: a top-level message, or messages under fields. */
export interface WrongAnswer {
  messages?: IdxMessage[];
  fieldMessages?: FieldMessages;
}

/** How a one-time code reaches the user: an email, a text, or a call that reads it out. */
export type DeliveryKind = 'email' | 'sms' | 'voice';

/** What a verification needs: the org, the transaction and its step, the account, the answer. */
export interface ChallengeInput {
  ctx: OrgContext;
  tx: TxData;
  step: ChallengeStep;
  /** The identified account; undefined for an unknown one (the check must cost the same and fail). */
  user: UserRecord | undefined;
  credentials: Record<string, unknown>;
  now: number;
}

export interface EnrollInput {
  ctx: OrgContext;
  tx: TxData;
  step: EnrollStep;
  credentials: Record<string, unknown>;
  now: number;
}

/** The org settings an authenticator's forms depend on. */
export interface FormContext {
  tx: TxData;
  passwordPolicy: PasswordPolicy;
  /** What `media()` drew for this reply (the TOTP QR code). */
  media?: Record<string, unknown>;
}

export interface Authenticator {
  readonly wire: WireNames;
  /** The password: always owed by the sign-on policy, chosen at registration, reset by recovery. */
  readonly isPassword?: true;
  /** A user may enroll it more than once (passkeys): it stays among the optional ones once enrolled. */
  readonly multipleEnrollments?: true;
  /**
   * Sends one-time codes (`resend` applies; `poll` too where a code can be confirmed out of band).
   * `address`: where the transaction's code goes.
   */
  readonly delivery?: {
    kind: DeliveryKind;
    /** The kind each of its methods delivers by, where it has several (phone: a text or a call). */
    kinds?: Record<string, DeliveryKind>;
    poll: boolean;
    address: (tx: TxData) => string;
  };
  /** What an enrollment starts with: a code sent, a new shared secret, data to collect first, or a form. */
  readonly enrollWith: 'code' | 'secret' | 'data' | 'form';
  /** Its challenge signs a fresh random value the challenge step holds (`nonce`): a passkey's assertion. */
  readonly challengeNonce?: true;
  /**
   * It proves the user on its own where the sign-on policy allows passwordless sign-in (a passkey, a
   * phishing-resistant possession factor): offered beside the password after the identifier.
   */
  readonly signsInAlone?: true;
  /**
   * How the factors API (`/api/v1/users/{id}/factors`) and the dev console list one stored enrollment;
   * absent: as itself. A passkey enrollment stands for several credentials, each its own factor there.
   */
  factorsOf?: (enrollment: EnrollmentRecord) => EnrollmentRecord[];
  /** Recovery: whether a code can reach this user this way (the profile email counts before enrolment). */
  reachable?: (user: IdentifiedUser) => boolean;
  /** A recovery proven through the user's profile (not an enrollment): the enrollment it sets up. */
  enrollmentFromProfile?: (tx: TxData) => PendingEnrollment;
  /** Enrollment data collected first (`authenticator-enrollment-data`): where codes will go, or why not. */
  readonly enrollmentData?: (authenticator: Record<string, unknown> | undefined) => EnrollmentDataResult;
  /** Checks a challenge answer against the user's enrollment (or the transaction's code). */
  verify: (input: ChallengeInput) => Promise<VerifyResult>;
  /** Checks an enrollment answer; on success, what to store. */
  enroll: (input: EnrollInput) => Promise<EnrollResult>;
  /** What a wrong answer shows, at a challenge or an enrollment. */
  wrongAnswer: (reason: WrongReason, phase: 'challenge' | 'enroll') => WrongAnswer;
  /** Its parts of the IDX reply. */
  readonly idx: {
    /** The challenge form's `credentials` fields. */
    challengeFields: (tx: TxData) => IdxField[];
    /** The enrollment form's whole `credentials` field (a choice of sub-forms for the security question). */
    enrollCredentials: (form: FormContext) => IdxField;
    /** Added to `currentAuthenticatorEnrollment` on its challenge (`profile`, `contextualData`); `media` as drawn for this reply. */
    challengeExtras?: (tx: TxData, media?: Record<string, unknown>) => Record<string, unknown>;
    /**
     * Added to its entry in `authenticatorEnrollments` (a passkey's `credentialId` and `transports`, which the
     * widget turns into allowCredentials / excludeCredentials). With it, its enrollment form lists the user's
     * enrollments too.
     */
    enrollmentEntry?: (tx: TxData) => Record<string, unknown>;
    /** Further entries of the same authenticator (a user's other passkeys), after those the options point at. */
    moreEnrollmentEntries?: (tx: TxData) => Record<string, unknown>[];
    /** Added to `currentAuthenticator` on its enrollment (`settings`, `contextualData`). */
    enrollExtras?: (form: FormContext) => Record<string, unknown>;
    /** The `authenticator` sub-form of `authenticator-enrollment-data`. */
    enrollmentDataFields?: () => IdxField[];
    /** Drawn per reply and handed to `enrollExtras` and `challengeExtras` (async: the TOTP QR code; the org's settings). */
    media?: (ctx: OrgContext, tx: TxData) => Promise<Record<string, unknown> | undefined>;
  };
}
