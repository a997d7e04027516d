/**
 * Every IDX message devorg sends, in Okta's wording (`message` + `i18n.key`), in one catalogue. The
 * widget translates by `i18n.key` when it knows the key and falls back to `message`, so both must
 * match Okta for the UI to look the same as on a real org.
 *
 * Entries confirmed in recorded Identity Engine responses or the widget 7.49's bundled
 * `login.properties` carry no note; wording that could not be confirmed says so.
 * A leaf module: it imports nothing at run time, so authenticators, the machine, the routes and the
 * error boundary can all use it.
 */
import type { IdxMessage } from '../errors';

/** Field path (`userProfile.email`, `credentials.passcode`) → messages shown under that field. */
export type FieldMessages = Record<string, IdxMessage[]>;

const error = (message: string, key: string, params?: unknown[]): IdxMessage => ({
  message,
  i18n: params ? { key, params } : { key },
  class: 'ERROR',
});

export const MESSAGES = {
  // --- the flow -------------------------------------------------------------------------------
  wrongStep: (): IdxMessage =>
    error('The request is not valid for the current step of sign-in. Please try again.', 'api.authn.error.invalid_step'),
  tooManyRequests: (): IdxMessage => error('Too many requests', 'tooManyRequests'),
  /** Too many SMS codes in one transaction (the widget's `errors.E0000150`, recorded without a form). */
  smsLimit: (): IdxMessage => error('You have reached the limit of sms requests, please try again later.', 'errors.E0000150'),
  /** Too many calls in one transaction (the widget's `errors.E0000151`). */
  callLimit: (): IdxMessage => error('You have reached the limit of call requests, please try again later.', 'errors.E0000151'),
  // Not among the recorded responses: a `methodType` the authenticator doesn't offer.
  methodUnsupported: (): IdxMessage =>
    error('The selected method is not supported for this authenticator.', 'api.authn.error.invalid_method_type'),
  // Not among the recorded responses: no authenticator this user could set up satisfies the sign-on policy.
  noFactorForPolicy: (): IdxMessage =>
    error(
      'Your sign-on policy requires an authenticator that is not available to you. Please contact your administrator.',
      'oie.authenticator.policy.unsatisfiable',
    ),

  /** The user may not use this app (Okta: not assigned to it, or denied by its sign-on policy rule): a terminal. */
  accessDenied: (): IdxMessage => error('You do not have permission to perform the requested action.', 'security.access_denied'),

  // --- answers ------------------------------------------------------------------------------
  incorrectPassword: (): IdxMessage => error('Password is incorrect', 'incorrectPassword'),
  /** Okta's answer to a locked-out account when the password policy shows lockout failures. */
  /** Wrong code on enrollment of email / SMS / Google Authenticator, and on an email or SMS challenge. */
  passcodeInvalid: (): IdxMessage => error('Invalid code. Try again.', 'api.authn.error.PASSCODE_INVALID', []),
  // Not among the recorded responses; Okta's wording for an expired email/SMS code, key as its API's.
  passcodeExpired: (): IdxMessage => error('Your code has expired. Request a new code and try again.', 'api.authn.error.PASSCODE_EXPIRED'),
  /** A TOTP code whose time step was already used (a replay, or the same code submitted twice). */
  softTokenUsed: (): IdxMessage =>
    error('Each code can only be used once. Please wait for a new code and try again.', 'authfactor.challenge.soft_token.used_passcode'),
  /** Wrong Google Authenticator (TOTP) code at sign-in: Okta words this one differently from enrollment. */
  softTokenInvalid: (): IdxMessage =>
    error("API error: Your code doesn't match our records. Please try again.", 'authfactor.challenge.soft_token.invalid_passcode'),
  // Not among the recorded responses: Okta's wording for a wrong security answer.
  answerInvalid: (): IdxMessage =>
    error("Your answer doesn't match our records. Please try again.", 'authfactor.challenge.question_factor.answer_invalid'),
  /** Top-level message once too many wrong answers have locked the authenticator. */
  factorSuspended: (): IdxMessage =>
    error('This factor is suspended for your account due to too many failed attempts', 'authfactor.challenge.suspended_factor'),
  /** Top-level message when a passkey's assertion does not verify (signature, challenge, origin, counter). */
  webauthnAssertionFailed: (): IdxMessage =>
    error(
      'None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion',
      'authfactor.webauthn.error.assertion_validation_failure',
    ),
  // Not among the recorded responses: a passkey registration that does not verify; the widget's own key and wording.
  webauthnEnrollmentFailed: (): IdxMessage =>
    error('You are currently unable to use a passkey. Try again.', 'passkeys.authfactor.webauthn.error'),
  /** Top-level message when the phone number given on phone enrollment is rejected. */
  invalidPhone: (): IdxMessage => error('Invalid Phone Number.', 'api.factors.error.sms.invalid_phone'),

  // --- fields ------------------------------------------------------------------------------
  /** A required field left empty (widget key `model.validation.field.blank`). */
  fieldBlank: (): IdxMessage => error('This field cannot be left blank', 'model.validation.field.blank'),
  /** A string over its maximum length (widget key `model.validation.field.string.maxLength`). */
  fieldTooLong: (): IdxMessage =>
    error('This field cannot exceed the maximum allowed characters', 'model.validation.field.string.maxLength'),
  /** A string under its minimum length (widget key `model.validation.field.string.minLength`): a username under five characters. */
  fieldTooShort: (): IdxMessage =>
    error('This field cannot be less than the minimum required characters', 'model.validation.field.string.minLength'),
  /** On `credentials.answer`: a too-short security question answer. */
  securityAnswerTooShort: (minLength: number): IdxMessage =>
    error(`The security question answer must be at least ${minLength} characters in length`, 'securityQuestion.answer.tooShort.arg', [
      minLength,
    ]),

  // --- registration and passwords -------------------------------------------------------------
  /** A login (the Username, or the email when it is the login) another account has. */
  notUniqueWithinOrg: (label: string): IdxMessage =>
    error(`A user with this ${label} already exists`, 'registration.error.notUniqueWithinOrg', [label]),
  invalidEmail: (label: string): IdxMessage[] => [
    error(`'${label}' must be in the form of an email address`, 'registration.error.invalidLoginEmail', [label]),
    error(`Provided value for property '${label}' does not match required pattern`, 'registration.error.doesNotMatchPattern', [label]),
  ],
  /** A username that must be an email address (the user schema's login pattern is null, Okta's default). */
  invalidLogin: (label: string): IdxMessage =>
    error(`'${label}' must be in the form of an email address`, 'registration.error.invalidLoginEmail', [label]),
  /** A username outside the login pattern's characters. */
  loginDoesNotMatchPattern: (label: string): IdxMessage =>
    error(`Provided value for property '${label}' does not match required pattern`, 'registration.error.doesNotMatchPattern', [label]),
  registrationUnavailable: (): IdxMessage => error('Registration is currently unavailable.', 'idx.error.registration.unavailable'),
  /** The terminal of a recovery that does not sign the user in (`passwordPolicy.signInAfterRecovery: false`). */
  recoveryCompleted: (): IdxMessage => ({
    message: 'You can now sign in with your existing username and new password.',
    i18n: { key: 'idx.recovery.completed' },
    class: 'INFO',
  }),
  /** User enumeration prevention off: the identify form's warning for a username with no account. */
  unknownUser: (identifier: string): IdxMessage => ({
    message: `There is no account with the Username ${identifier}.`,
    i18n: { key: 'idx.unknown.user', params: [] },
    class: 'WARNING',
  }),
  /** The terminal of a registration whose email is verified by an activation email (a notice, not an error). */
  emailVerificationRequired: (): IdxMessage => ({
    message: 'To finish signing in, check your email.',
    i18n: { key: 'idx.email.verification.required' },
    class: 'INFO',
  }),
  registrationFailed: (): IdxMessage =>
    error('There was an error creating your account. Please try registering again.', 'registration.error.generic'),
  passwordCommon: (): IdxMessage =>
    error('This password was found in a list of commonly used passwords. Please try another password.', 'password.common', ['']),
  passwordRequirements: (requirements: string): IdxMessage =>
    error(`Password requirements were not met. ${requirements}`, 'password.passwordRequirementsNotMet', [requirements]),
  // The widget's mock of Okta's self-service unlock: the terminal once the account is unlocked.
  unlocked: (): IdxMessage => ({
    message: 'You can log in using your existing username and password.',
    i18n: { key: 'oie.selfservice.unlock_user.success.message', params: [] },
    class: 'INFO',
  }),
  unlockNotAllowed: (): IdxMessage => error('Unlock is not allowed for this user.', 'errors.E0000032'),
  resetNotAllowed: (): IdxMessage =>
    error(
      'Reset password is not allowed at this time. Please contact support for assistance.',
      'oie.selfservice.reset.password.not.allowed',
    ),
} as const;
