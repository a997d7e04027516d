/**
 * What the Sign-In Widget 7.49 (Gen 2, `src/v2/`) and auth-js 7.14.5 (`lib/idx/`) read from each IDX
 * reply devorg emits, as key paths with JSON types: the project's own expectations, written from the
 * clients' source (not from recorded replies). One entry per step of `devorg/testing/idx-steps.ts`;
 * a new step is one entry here. `todo` lists fields other work is adding (the exact paths), for the
 * contract test to show as `it.todo` until they are moved into `paths`.
 *
 * Sources (okta/okta-auth-js, okta/okta-signin-widget):
 * - auth-js `lib/idx/types/idx-js.ts` (RawIdxResponse, IdxRemediation, IdxAuthenticator, IdxMessage),
 *   `lib/idx/idxState/v1/` (remediations and the `create-form` actions inside authenticator objects:
 *   `currentAuthenticatorEnrollment-recover`, `-resend`, `-poll`), `lib/idx/remediators/` (Identify,
 *   ChallengeAuthenticator, SelectAuthenticator*: `options[].value.form.value[id|methodType]`,
 *   `relatesTo`), `lib/idx/interact`/`introspect` (`stateHandle`, `expiresAt`), `successWithInteractionCode`.
 * - widget `src/v2/ion/responseTransformer.js` (every top-level `{type, value}` object flattened),
 *   `src/v2/ion/RemediationConstants.js` (`currentAuthenticator[Enrollment]-recover`),
 *   `src/v2/models/AppState.ts` (`poll.refresh`, `recoveryAuthenticator.type`), `src/v2/BaseLoginRouter.ts`
 *   (`user.value.identifier`), and the views under `src/v2/view-builder/views/` named per step below.
 */
import {
  form,
  ENVELOPE,
  STEP,
  prefixed,
  authenticator,
  listed,
  credentials,
  select,
  messages,
  fieldMessage,
  USER,
  passcode,
  complexity,
  resend,
  poll,
  email,
  type Paths,
} from './fragments';

export type { Paths } from './fragments';

export interface StepContract {
  /** The HTTP status the widget sees (it tells a form error from a terminal one by the body, not this). */
  status: number;
  paths: Paths;
  /** Fields being added elsewhere (idx-flows, idx-fields): path → type, enabled once they land. */
  todo?: Paths;
}

/** Once a factor is proven, Okta's `user.value.profile` (with the login) beside the identifier. */
const PROVEN_USER: Paths = {
  'user.value.profile.login': 'string',
  // As the tokens' locale and zoneinfo claims (the profile's, else Okta's defaults).
  'user.value.profile.locale': 'string',
  'user.value.profile.timeZone': 'string',
};
/** Beside a challenge, the org's authenticators behind the enrollments listed (auth-js context.authenticators). */
const CHALLENGE_AUTHENTICATORS: Paths = { ...listed('authenticators.value[*]') };

const identify: Paths = {
  ...STEP,
  ...form('identify'),
  'remediation.value[name=identify].value[name=identifier].label': 'string',
  'remediation.value[name=identify].value[name=rememberMe].type': 'string',
  ...form('select-enroll-profile'),
};

const challenge = (key: string): Paths => ({
  ...STEP,
  ...USER,
  ...form('challenge-authenticator'),
  'remediation.value[name=challenge-authenticator].relatesTo[*]': 'string',
  ...listed('currentAuthenticatorEnrollment.value'),
  [`currentAuthenticatorEnrollment.value[key=${key}]`]: 'object',
  ...listed('authenticatorEnrollments.value[*]'),
});
const challengeKey = (key: string): Paths => ({ ...challenge(key), 'currentAuthenticatorEnrollment.value.key': 'string' });

const enroll = (remediation: string): Paths => ({
  ...STEP,
  ...form(remediation),
  [`remediation.value[name=${remediation}].relatesTo[*]`]: 'string',
  ...authenticator('currentAuthenticator.value'),
  ...listed('authenticators.value[*]'),
});
/** "Verify with something else": the list beside a challenge (SelectAuthenticatorVerifyView from it). */
const otherFactor = select('select-authenticator-authenticate', 'authenticatorEnrollments');
/** Picked from a list: "Return to authenticator list" (the list again beside the form). */
const backToList = select('select-authenticator-enroll', 'authenticators');

const profileForm: Paths = {
  ...STEP,
  ...form('enroll-profile'),
  'remediation.value[name=enroll-profile].value[name=userProfile].form.value[*].name': 'string',
  'remediation.value[name=enroll-profile].value[name=userProfile].form.value[*].label': 'string',
  'remediation.value[name=enroll-profile].value[name=userProfile].form.value[*].required': 'boolean',
  ...form('select-identify'),
  // Okta's select-identify carries the identifier (posted, the user is identified at once).
  'remediation.value[name=select-identify].value[name=identifier].name': 'string',
};
const registrationFieldError: Paths = {
  ...profileForm,
  'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=email].messages.value[*].message': 'string',
  'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=email].messages.value[*].i18n.key': 'string',
};

const usernameForm: Paths = {
  ...profileForm,
  ...prefixed('remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=login]', {
    name: 'string',
    label: 'string',
    required: 'boolean',
    maxLength: 'number',
  }),
};
const passwordOnForm: Paths = {
  ...profileForm,
  ...credentials('enroll-profile', { '[name=passcode].name': 'string', '[name=passcode].secret': 'boolean' }),
  'remediation.value[name=enroll-profile].value[name=credentials].relatesTo': 'string',
  ...authenticator('currentAuthenticator.value'),
  ...complexity('currentAuthenticator.value'),
};

const enrollPassword: Paths = {
  ...enroll('enroll-authenticator'),
  ...passcode('enroll-authenticator'),
  ...complexity('currentAuthenticator.value'),
  // Required, yet not alone: what else may be set up is offered beside it ("Return to authenticator list").
  ...backToList,
};

const googleOtpEnroll: Paths = {
  ...enroll('enroll-authenticator'),
  ...passcode('enroll-authenticator'),
  ...backToList,
  // views/google-authenticator/EnrollGoogleAuthenticatorBarcodeView.js, EnrollAuthenticatorGoogleAuthenticatorView.js
  'currentAuthenticator.value.contextualData.qrcode.href': 'string',
  'currentAuthenticator.value.contextualData.qrcode.method': 'string',
  'currentAuthenticator.value.contextualData.qrcode.type': 'string',
  'currentAuthenticator.value.contextualData.sharedSecret': 'string',
};

const securityQuestionEnroll: Paths = {
  ...enroll('enroll-authenticator'),
  ...backToList,
  // views/security-question/EnrollAuthenticatorSecurityQuestionView.js: two sub-forms (choose / create my own).
  'remediation.value[name=enroll-authenticator].value[name=credentials].options[*].label': 'string',
  'remediation.value[name=enroll-authenticator].value[name=credentials].options[*].value.form.value[name=questionKey].name': 'string',
  'remediation.value[name=enroll-authenticator].value[name=credentials].options[*].value.form.value[name=answer].name': 'string',
  'currentAuthenticator.value.contextualData.questions[*].questionKey': 'string',
  'currentAuthenticator.value.contextualData.questions[*].question': 'string',
  'currentAuthenticator.value.contextualData.questionKeys[*]': 'string',
};

const phoneData: Paths = {
  ...enroll('authenticator-enrollment-data'),
  ...backToList,
  // views/phone/EnrollAuthenticatorDataPhoneView.js: method choice and the number.
  'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=id].value': 'string',
  'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=methodType].options[*].value': 'string',
  'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=phoneNumber].name': 'string',
};
const phoneVoice: Paths = {
  'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=methodType].options[value=voice].label':
    'string',
  'currentAuthenticator.value.methods[type=voice]': 'object',
};

const enrollEmail: Paths = {
  ...enroll('enroll-authenticator'),
  ...passcode('enroll-authenticator'),
  ...resend('currentAuthenticator'),
  ...poll('currentAuthenticator'),
  ...backToList,
};

const resetPassword = (remediation: string): Paths => ({
  ...STEP,
  ...USER,
  ...form(remediation),
  ...passcode(remediation),
  ...authenticator('currentAuthenticator.value'),
  ...complexity('currentAuthenticator.value'),
  // AppState.isPasswordRecovery / ReEnrollAuthenticatorPasswordView: recoveryAuthenticator (type password) and its settings.
  'recoveryAuthenticator.value.type': 'string',
  ...complexity('recoveryAuthenticator.value'),
});

const passwordChallenge: Paths = {
  ...challengeKey('okta_password'),
  // Okta lists the authenticator being verified beside its challenge, alternatives or not (LinksUtil
  // getSwitchAuthenticatorLink draws "Verify with something else" only from two options on).
  ...otherFactor,
  ...passcode('challenge-authenticator'),
  // "Forgot password?": RemediationConstants ENROLLED_PASSWORD_RECOVERY_LINK.
  ...prefixed('currentAuthenticatorEnrollment.value.recover', { href: 'string', name: 'string', rel: 'array' }),
};

const emailChallenge: Paths = {
  ...challengeKey('okta_email'),
  ...otherFactor,
  ...CHALLENGE_AUTHENTICATORS,
  // Its entry in the list names where the codes go, masked.
  'authenticatorEnrollments.value[key=okta_email].profile.email': 'string',
  ...passcode('challenge-authenticator'),
  ...resend('currentAuthenticatorEnrollment'),
  ...poll('currentAuthenticatorEnrollment'),
  ...email('currentAuthenticatorEnrollment'),
};

export const CONTRACT: Record<string, StepContract> = {
  // views/IdentifierView.js; auth-js remediators/Identify.ts.
  identify: { status: 200, paths: identify },
  // IdentifierView.js: the box drawn ticked from the field's value (the org's keep-me-signed-in-by-default).
  'identify-remember-me': {
    status: 200,
    paths: { ...identify, 'remediation.value[name=identify].value[name=rememberMe].value': 'boolean' },
  },
  'identify-with-password': {
    status: 200,
    paths: {
      ...identify,
      ...credentials('identify', { '[name=passcode].name': 'string' }),
      ...prefixed('currentAuthenticator.value.recover', { href: 'string', name: 'string', rel: 'array' }),
    },
  },
  'registration-unavailable': {
    status: 403,
    paths: { ...ENVELOPE, ...form('identify'), ...messages('idx.error.registration.unavailable') },
  },

  // views/password/ChallengeAuthenticatorPasswordView.js
  'challenge-password': { status: 200, paths: passwordChallenge },
  'challenge-password-wrong': { status: 401, paths: { ...passwordChallenge, ...messages('incorrectPassword') } },
  // views/password/ReEnrollAuthenticatorPasswordView.js
  'reenroll-password': { status: 200, paths: resetPassword('reenroll-authenticator') },

  // views/EnrollProfileView.js; auth-js remediators/EnrollProfile.ts.
  'enroll-profile': {
    status: 200,
    paths: { ...profileForm, 'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=email].minLength': 'number' },
  },
  // The profile enrollment form with Okta's Username (a `login` attribute): the widget draws it like any attribute.
  'enroll-profile-with-username': { status: 200, paths: usernameForm },
  'enroll-profile-username-exists': {
    status: 400,
    paths: {
      ...usernameForm,
      'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=login].messages.value[*].message': 'string',
      'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=login].messages.value[*].i18n.key': 'string',
      'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=login].messages.value[*].i18n.params[*]': 'string',
    },
  },
  // EnrollProfileView.renderPasswordPolicySettings: `credentials.form.value[name=passcode]` and the
  // complexity of what `credentials.relatesTo` resolves to; auth-js EnrollProfile (OktaPassword) posts `credentials.passcode`.
  'enroll-profile-with-password': { status: 200, paths: passwordOnForm },
  'enroll-profile-password-weak': { status: 400, paths: { ...passwordOnForm, ...fieldMessage('enroll-profile', 'passcode') } },
  // After the form with the password: the email enrollment (views/email/EnrollAuthenticatorEmailView.js).
  'enroll-email-after-profile-password': {
    status: 200,
    paths: { ...enrollEmail, ...USER, 'enrollmentAuthenticator.value.key': 'string' },
  },
  'enroll-profile-invalid-email': { status: 400, paths: registrationFieldError },
  'enroll-profile-email-exists': { status: 400, paths: registrationFieldError },
  // The registration inline hook's denial: its cause's errorSummary under the field its location names
  // (views/EnrollProfileView.js shows a field's messages; Okta sends a hook's words without an i18n key).
  'enroll-profile-hook-denied': {
    status: 400,
    paths: {
      ...profileForm,
      'remediation.value[name=enroll-profile].value[name=userProfile].form.value[name=email].messages.value[*].message': 'string',
    },
  },
  // A failed registration inline hook: Okta's terminal "There was an error creating your account" (the
  // widget's TerminalView shows the message; auth-js sees no remediation).
  'registration-failed': { status: 200, paths: { ...ENVELOPE, ...messages('registration.error.generic') } },
  // views/password/EnrollAuthenticatorPasswordView.js
  'enroll-password': {
    status: 200,
    paths: {
      ...enrollPassword,
      'enrollmentAuthenticator.value.key': 'string',
      ...complexity('enrollmentAuthenticator.value'),
      // A registrant has no enrollments yet: an empty list, as Okta sends it.
      'authenticatorEnrollments.value': 'array',
    },
  },
  'enroll-password-common': { status: 400, paths: { ...enrollPassword, ...fieldMessage('enroll-authenticator', 'passcode') } },

  // views/SelectAuthenticatorEnrollView.js; auth-js remediators/SelectAuthenticatorEnroll.ts, Skip.ts.
  'select-authenticator-enroll-optional': {
    status: 200,
    paths: { ...STEP, ...USER, ...backToList, ...form('skip'), ...listed('authenticatorEnrollments.value[*]') },
  },
  'select-authenticator-enroll-required': { status: 200, paths: { ...STEP, ...USER, ...backToList } },

  // views/email/EnrollAuthenticatorEmailView.js
  // EnrollAuthenticatorEmailView: "check your email" names user.profile.email or user.identifier; without
  // contextualData.useEmailMagicLink it shows the code field at once (unlike the challenge, where absent means true).
  'enroll-email': {
    status: 200,
    paths: { ...enrollEmail, ...USER, 'enrollmentAuthenticator.value.key': 'string' },
  },
  // codes.format "alphanumeric": the passcode field's `format` (widget v3 transformer/field/attributes.ts and
  // transform.ts: no numeric keypad, the answer trimmed).
  'enroll-email-alphanumeric': {
    status: 200,
    paths: {
      ...enrollEmail,
      'remediation.value[name=enroll-authenticator].value[name=credentials].form.value[name=passcode].format': 'string',
    },
  },
  'enroll-email-wrong': { status: 401, paths: { ...enrollEmail, ...fieldMessage('enroll-authenticator', 'passcode') } },
  'enroll-google-otp': { status: 200, paths: googleOtpEnroll },
  'enroll-google-otp-wrong': { status: 401, paths: { ...googleOtpEnroll, ...fieldMessage('enroll-authenticator', 'passcode') } },
  'enroll-security-question': { status: 200, paths: { ...securityQuestionEnroll, ...PROVEN_USER } },
  'enroll-security-question-short': {
    status: 400,
    paths: {
      ...securityQuestionEnroll,
      'remediation.value[name=enroll-authenticator].value[name=credentials].options[*].value.form.value[name=answer].messages.value[*].message':
        'string',
    },
  },
  'enroll-phone-data': {
    status: 200,
    paths: {
      ...phoneData,
      ...PROVEN_USER,
      ...phoneVoice,
      // auth-js SelectAuthenticatorEnroll posts a phone number with the pick, where the option offers it.
      'remediation.value[name=select-authenticator-enroll].value[name=authenticator].options[label=Phone].value.form.value[name=phoneNumber].type':
        'string',
      'authenticatorEnrollments.value': 'array',
    },
  },
  'enroll-phone-data-invalid': { status: 400, paths: { ...phoneData, ...messages('api.factors.error.sms.invalid_phone') } },
  // views/phone/EnrollAuthenticatorPhoneView.js
  'enroll-phone': {
    status: 200,
    paths: { ...enroll('enroll-authenticator'), ...passcode('enroll-authenticator'), ...resend('currentAuthenticator'), ...backToList },
  },
  // views/webauthn/EnrollWebauthnView.js: activationData, and excludeCredentials from authenticatorEnrollments.
  'enroll-webauthn': {
    status: 200,
    paths: {
      ...enroll('enroll-authenticator'),
      ...backToList,
      ...prefixed('currentAuthenticator.value.contextualData.activationData', {
        challenge: 'string',
        'rp.name': 'string',
        'user.id': 'string',
        'user.name': 'string',
        'user.displayName': 'string',
        'pubKeyCredParams[*].type': 'string',
        'pubKeyCredParams[*].alg': 'number',
        'authenticatorSelection.userVerification': 'string',
      }),
      'authenticatorEnrollments.value': 'array',
      ...credentials('enroll-authenticator', { '[name=clientData].name': 'string', '[name=attestation].name': 'string' }),
    },
  },

  // views/SelectAuthenticatorVerifyView.js; auth-js remediators/SelectAuthenticatorAuthenticate.ts.
  'select-authenticator-authenticate': {
    status: 200,
    paths: {
      ...STEP,
      ...USER,
      ...otherFactor,
      'remediation.value[name=select-authenticator-authenticate].value[name=authenticator].options[label=Phone].value.form.value[name=enrollmentId].value':
        'string',
      'authenticatorEnrollments.value[key=phone_number].profile.phoneNumber': 'string',
    },
  },
  'challenge-email': { status: 200, paths: emailChallenge },
  'challenge-email-wrong': { status: 401, paths: { ...emailChallenge, ...fieldMessage('challenge-authenticator', 'passcode') } },
  // views/google-authenticator/ChallengeGoogleAuthenticatorView.js; "Verify with something else".
  'challenge-google-otp': { status: 200, paths: { ...challengeKey('google_otp'), ...passcode('challenge-authenticator'), ...otherFactor } },
  'challenge-google-otp-wrong': {
    status: 401,
    paths: { ...challengeKey('google_otp'), ...otherFactor, ...fieldMessage('challenge-authenticator', 'passcode') },
  },
  // The password form kept, the lockout told above it (widget: its error callout on the challenge view).
  'challenge-password-locked': {
    status: 403,
    paths: { ...challengeKey('okta_password'), ...messages('authfactor.challenge.suspended_factor') },
  },
  'challenge-suspended': { status: 403, paths: { ...challengeKey('google_otp'), ...messages('authfactor.challenge.suspended_factor') } },
  // views/security-question/ChallengeAuthenticatorSecurityQuestion.js
  'challenge-security-question': {
    status: 200,
    paths: {
      ...challengeKey('security_question'),
      ...otherFactor,
      ...credentials('challenge-authenticator', { '[name=questionKey].value': 'string', '[name=answer].name': 'string' }),
      'currentAuthenticatorEnrollment.value.profile.questionKey': 'string',
      'currentAuthenticatorEnrollment.value.profile.question': 'string',
    },
  },
  // views/phone/ChallengeAuthenticatorPhoneView.js: the masked number.
  'challenge-phone': {
    status: 200,
    paths: {
      ...challengeKey('phone_number'),
      ...passcode('challenge-authenticator'),
      ...otherFactor,
      ...resend('currentAuthenticatorEnrollment'),
      'currentAuthenticatorEnrollment.value.profile.phoneNumber': 'string',
    },
  },
  'challenge-phone-wrong': {
    status: 401,
    paths: { ...challengeKey('phone_number'), ...fieldMessage('challenge-authenticator', 'passcode') },
  },
  // views/webauthn/ChallengeWebauthnView.js: challengeData, and allowCredentials from authenticatorEnrollments.
  'challenge-webauthn': {
    status: 200,
    paths: {
      ...challengeKey('webauthn'),
      ...otherFactor,
      'currentAuthenticatorEnrollment.value.contextualData.challengeData.challenge': 'string',
      'currentAuthenticatorEnrollment.value.contextualData.challengeData.userVerification': 'string',
      'authenticatorEnrollments.value[key=webauthn].credentialId': 'string',
      ...credentials('challenge-authenticator', {
        '[name=clientData].name': 'string',
        '[name=authenticatorData].name': 'string',
        '[name=signatureData].name': 'string',
      }),
    },
  },
  // The resend limit (issue #17 item 6 wants E0000150 without a form).
  'too-many-requests': { status: 429, paths: { version: 'string', ...messages('tooManyRequests') } },

  // views/IdentifyRecoveryView.js, the recovery titles (AppState.isPasswordRecovery).
  'identify-recovery': {
    status: 200,
    paths: {
      ...STEP,
      ...form('identify-recovery'),
      ...form('select-enroll-profile'),
      'remediation.value[name=identify-recovery].value[name=identifier].name': 'string',
    },
  },
  'recovery-challenge-email': { status: 200, paths: { ...emailChallenge, 'recoveryAuthenticator.value.type': 'string' } },
  'recovery-select-authenticator': {
    status: 200,
    paths: { ...STEP, ...USER, ...otherFactor, 'recoveryAuthenticator.value.type': 'string' },
  },
  'recovery-not-allowed': { status: 403, paths: { ...passwordChallenge, ...messages('oie.selfservice.reset.password.not.allowed') } },
  // views/password/ResetAuthenticatorPasswordView.js
  'reset-password': {
    status: 200,
    paths: {
      ...resetPassword('reset-authenticator'),
      ...credentials('reset-authenticator', { '[name=revokeSessions].type': 'string' }),
      ...listed('authenticatorEnrollments.value[*]'),
      ...PROVEN_USER,
    },
  },
  'reset-password-weak': {
    status: 400,
    paths: { ...resetPassword('reset-authenticator'), ...fieldMessage('reset-authenticator', 'passcode') },
  },

  // auth-js idx/run.ts → interaction code; widget BaseLoginRouter hands it to showSignInToGetTokens.
  success: {
    status: 200,
    paths: {
      ...ENVELOPE,
      'successWithInteractionCode.name': 'string',
      'successWithInteractionCode.href': 'string',
      'successWithInteractionCode.method': 'string',
      'successWithInteractionCode.value[name=interaction_code].value': 'string',
      'successWithInteractionCode.value[name=grant_type].value': 'string',
      'successWithInteractionCode.value[name=client_id].value': 'string',
    },
  },
  // The Okta-hosted page's ending (no interaction code): widget v2/ion/responseTransformer.js takes
  // `success.name`/`success.href` as the last remediation; BaseLoginRouter sees `success` and the hosted
  // page's sign-in script follows `success.href` to `/login/token/redirect`.
  'success-hosted': {
    status: 200,
    paths: {
      ...ENVELOPE,
      'success.name': 'string',
      'success.href': 'string',
      'user.value.id': 'string',
      'user.value.identifier': 'string',
    },
  },
  // widget's session-expired terminal (errorUtils / TerminalView by i18n key).
  'session-expired': { status: 401, paths: { ...ENVELOPE, ...messages('idx.session.expired') } },
  'bad-request': { status: 400, paths: { ...ENVELOPE, ...messages('E0000020') } },

  // views/email/ChallengeAuthenticatorDataEmailView.js ("Send me an email", signOn.sendEmailOnRequest);
  // auth-js remediators/AuthenticatorVerificationData.ts (authenticator.id and methodType posted back).
  'challenge-data-email': {
    status: 200,
    paths: {
      ...STEP,
      ...USER,
      ...form('authenticator-verification-data'),
      ...authenticator('currentAuthenticatorEnrollment.value'),
      'currentAuthenticatorEnrollment.value.profile.email': 'string',
      'remediation.value[name=authenticator-verification-data].value[name=authenticator].form.value[name=id].value': 'string',
      'remediation.value[name=authenticator-verification-data].value[name=authenticator].form.value[name=methodType].options[value=email].label':
        'string',
      ...otherFactor,
      ...CHALLENGE_AUTHENTICATORS,
      'authenticatorEnrollments.value[key=okta_email].profile.email': 'string',
    },
  },
  // views/KeepMeSignedInView.js ("Stay signed in?", signOn.keepMeSignedInPrompt): one boolean posted back.
  'keep-me-signed-in': {
    status: 200,
    paths: {
      ...STEP,
      ...form('keep-me-signed-in'),
      'remediation.value[name=keep-me-signed-in].value[name=keepMeSignedIn].type': 'string',
      'remediation.value[name=keep-me-signed-in].value[name=keepMeSignedIn].required': 'boolean',
      ...PROVEN_USER,
    },
  },
  // The same on the Okta-hosted page (/v1/authorize); its `authentication` echoes that request.
  'keep-me-signed-in-hosted': {
    status: 200,
    paths: {
      ...STEP,
      ...form('keep-me-signed-in'),
      'remediation.value[name=keep-me-signed-in].value[name=keepMeSignedIn].type': 'string',
      'remediation.value[name=keep-me-signed-in].value[name=keepMeSignedIn].required': 'boolean',
      ...PROVEN_USER,
    },
  },
  // A recovery ending at its new password (passwordPolicy.signInAfterRecovery false): views/TerminalView.js
  // by message (no cancel form: "Back to sign in" is the widget's own link).
  'reset-password-done': {
    status: 200,
    paths: { ...ENVELOPE, ...messages('idx.recovery.completed'), 'user.value.id': 'string', 'user.value.identifier': 'string' },
  },
  // User enumeration prevention off: the identify form again, with the warning (v2 models/AppState.ts
  // re-renders on `idx.unknown.user`; IdentifierView shows it above the form).
  'identify-unknown-user': {
    status: 200,
    paths: { ...identify, ...messages('idx.unknown.user'), 'messages.value[i18n.key=idx.unknown.user].class': 'string' },
  },
  // Access denied, a terminal: widget v2 `TerminalView` (no remediation: the message alone, with "Back to
  // sign in" from `cancel`-less replies); auth-js `idx/run.ts` treats a reply with messages and no
  // remediation as terminal. By an app for assigned users only (after every factor) or a sign-on rule
  // denying access (at identify, `signOn.access: "DENY"`).
  'access-denied': { status: 403, paths: { ...ENVELOPE, ...messages('security.access_denied') } },
  'identify-access-denied': { status: 403, paths: { ...ENVELOPE, ...messages('security.access_denied') } },
  // Enroll-email-first (policies.enrollment.sendEmailOnRequest): ViewFactory maps authenticator-enrollment-data
  // of okta_email to views/email/ChallengeAuthenticatorDataEmailView.js ("Send me an email", the methodType
  // radio hidden); auth-js remediators/AuthenticatorEnrollmentData.ts posts authenticator.id (+ methodType).
  'enroll-email-data': {
    status: 200,
    paths: {
      ...STEP,
      ...form('authenticator-enrollment-data'),
      ...authenticator('currentAuthenticator.value'),
      'remediation.value[name=authenticator-enrollment-data].relatesTo': 'array',
      'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=id].value': 'string',
      'remediation.value[name=authenticator-enrollment-data].value[name=authenticator].form.value[name=methodType].options[value=email].label':
        'string',
      // The way back to the list ("Return to authenticator list").
      ...form('select-authenticator-enroll'),
      'authenticators.value': 'array',
    },
  },
  // Registration with activation by email (policies.registrationActivation "email"): views/TerminalView.js
  // (EMAIL_VERIFICATION_REQUIRED among its email terminal keys, "Back to sign in" added as there is no
  // cancel form); the message is INFO, the widget's `registration.complete.confirm.text`.
  'terminal-registration': {
    status: 200,
    paths: {
      ...ENVELOPE,
      ...messages('idx.email.verification.required'),
      'messages.value[i18n.key=idx.email.verification.required].class': 'string',
      'user.value.id': 'string',
      'user.value.identifier': 'string',
    },
  },
  // views/UnlockAccountView.js (passwordPolicy.selfServiceUnlock): the identifier and how to prove it.
  'unlock-account': {
    status: 200,
    paths: {
      ...STEP,
      ...form('select-authenticator-unlock-account'),
      'remediation.value[name=select-authenticator-unlock-account].value[name=identifier].name': 'string',
      'remediation.value[name=select-authenticator-unlock-account].value[name=authenticator].options[*].label': 'string',
      'authenticators.value': 'array',
    },
  },
};

/** Steps other work is building (issue #17): the step id it will have and what the widget will read on it. */
export const TODO_STEPS: Record<string, Paths> = {};
