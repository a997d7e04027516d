/**
 * Okta's wording for the messages these building blocks lead to, as the IDX `messages` entries
 * carry them (`message` + `i18n.key`). The widget translates by `i18n.key` when it knows the key
 * and falls back to `message`, so both must match Okta for the UI to look the same as a real org.
 *
 * Only entries confirmed in the widget's playground responses (okta-signin-widget 7.49.0,
 * /work/shared/reference/idx-responses) or in its bundled `login.properties` live here; wording
 * that could not be confirmed stays next to the rule that produces it, marked as such.
 */

export interface OktaMessage {
  readonly message: string;
  readonly i18n: { readonly key: string; readonly params?: readonly (string | number)[] };
}

/** Wrong code on enrollment of email / SMS / Google Authenticator, and on an email or SMS challenge. */
export const PASSCODE_INVALID: OktaMessage = {
  message: 'Invalid code. Try again.',
  i18n: { key: 'api.authn.error.PASSCODE_INVALID', params: [] },
};

/** Wrong Google Authenticator (TOTP) code at sign-in: Okta words this one differently from enrollment. */
export const SOFT_TOKEN_INVALID_PASSCODE: OktaMessage = {
  message: "API error: Your code doesn't match our records. Please try again.",
  i18n: { key: 'authfactor.challenge.soft_token.invalid_passcode' },
};

/** Top-level message when the phone number given on phone enrollment is rejected. */
export const INVALID_PHONE: OktaMessage = {
  message: 'Invalid Phone Number.',
  i18n: { key: 'api.factors.error.sms.invalid_phone' },
};

/** Top-level message once too many wrong answers have locked the authenticator. */
export const FACTOR_SUSPENDED: OktaMessage = {
  message: 'This factor is suspended for your account due to too many failed attempts',
  i18n: { key: 'authfactor.challenge.suspended_factor' },
};

/** Field message for a required field left empty (widget key `model.validation.field.blank`). */
export const FIELD_BLANK: OktaMessage = {
  message: 'This field cannot be left blank',
  i18n: { key: 'model.validation.field.blank' },
};

/** Field message for a string over its maximum length (widget key `model.validation.field.string.maxLength`). */
export const FIELD_TOO_LONG: OktaMessage = {
  message: 'This field cannot exceed the maximum allowed characters',
  i18n: { key: 'model.validation.field.string.maxLength' },
};

/** Field message on `credentials.answer` for a too-short security question answer. */
export function securityAnswerTooShort(minLength: number): OktaMessage {
  return {
    message: `The security question answer must be at least ${minLength} characters in length`,
    i18n: { key: 'securityQuestion.answer.tooShort.arg', params: [minLength] },
  };
}
