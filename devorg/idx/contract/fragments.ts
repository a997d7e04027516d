/**
 * Building blocks of the IDX contract (expectations.ts): the paths every form, authenticator object,
 * choice list and message carries as auth-js and the widget read them. Sources: see expectations.ts.
 */
import type { JsonType } from './paths';

export type Paths = Record<string, JsonType>;

export const form = (name: string): Paths => ({
  [`remediation.value[name=${name}].name`]: 'string',
  [`remediation.value[name=${name}].href`]: 'string',
  [`remediation.value[name=${name}].method`]: 'string',
  [`remediation.value[name=${name}].rel`]: 'array',
  [`remediation.value[name=${name}].accepts`]: 'string',
  [`remediation.value[name=${name}].value`]: 'array',
  [`remediation.value[name=${name}].value[name=stateHandle].value`]: 'string',
});

/** The envelope auth-js needs to continue a transaction (introspect, every proceed). */
export const ENVELOPE: Paths = { version: 'string', stateHandle: 'string', expiresAt: 'string', intent: 'string' };
/** Every step with a form: the envelope, cancel ("Back to sign in") and the app. */
export const STEP: Paths = {
  ...ENVELOPE,
  ...prefixed('cancel', { href: 'string', method: 'string', name: 'string' }),
  'app.value.label': 'string',
  // The OAuth request the transaction answers (AdminConsentViewHeader reads the issuer).
  ...prefixed('authentication.value', {
    protocol: 'string',
    'issuer.name': 'string',
    'issuer.uri': 'string',
    'request.scope': 'string',
    'request.redirect_uri': 'string',
    'request.state': 'string',
    'request.max_age': 'number',
  }),
};

export function prefixed(prefix: string, paths: Paths): Paths {
  return Object.fromEntries(Object.entries(paths).map(([k, v]) => [k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`, v]));
}

/** An authenticator object as auth-js types it (IdxAuthenticator) and the widget's views read it. */
export const authenticator = (at: string): Paths =>
  prefixed(at, { id: 'string', key: 'string', type: 'string', displayName: 'string', methods: 'array', 'methods[*].type': 'string' });

/** An entry of a list to choose from: also the org authenticator's id (the widget's AuthenticatorEnrollmentValue). */
export const listed = (at: string): Paths => ({ ...authenticator(at), [`${at}.authenticatorId`]: 'string' });

/** A `credentials` form with the given fields under a remediation. */
export const credentials = (remediation: string, fields: Paths): Paths =>
  prefixed(`remediation.value[name=${remediation}].value[name=credentials].form.value`, fields);

/** A list of authenticators to choose from (SelectAuthenticator*: options with id/methodType, relatesTo into `list`). */
export const select = (remediation: string, list: 'authenticators' | 'authenticatorEnrollments'): Paths => ({
  ...form(remediation),
  ...prefixed(`remediation.value[name=${remediation}].value[name=authenticator].options[*]`, {
    label: 'string',
    relatesTo: 'string',
    'value.form.value[name=id].value': 'string',
    // Hidden fields (uiSchemaTransformer): posted back with the option, never drawn.
    'value.form.value[name=id].visible': 'boolean',
    'value.form.value[name=methodType].visible': 'boolean',
  }),
  ...listed(`${list}.value[*]`),
});

/** Top-level messages (the widget's form-level error or terminal text; i18n by `i18n.key`). */
export const messages = (key: string): Paths => ({
  'messages.value[*].message': 'string',
  'messages.value[*].class': 'string',
  [`messages.value[i18n.key=${key}]`]: 'object',
});

/** A field-level message (the widget puts it under the field). */
export const fieldMessage = (remediation: string, field: string): Paths => ({
  [`remediation.value[name=${remediation}].value[name=credentials].form.value[name=${field}].messages.value[*].message`]: 'string',
  [`remediation.value[name=${remediation}].value[name=credentials].form.value[name=${field}].messages.value[*].i18n.key`]: 'string',
});

/** What the widget shows of the user once identified (and remembers the username from). */
export const USER: Paths = { 'user.value.id': 'string', 'user.value.identifier': 'string' };

export const passcode = (remediation: string): Paths => credentials(remediation, { '[name=passcode].name': 'string' });

/** Password complexity: the requirement list of EnrollAuthenticatorPasswordView / ReEnroll… (FactorUtil.getPasswordComplexityDescription). */
export const complexity = (at: string): Paths =>
  prefixed(`${at}.settings.complexity`, {
    minLength: 'number',
    minLowerCase: 'number',
    minUpperCase: 'number',
    minNumber: 'number',
    minSymbol: 'number',
    excludeUsername: 'boolean',
    excludeAttributes: 'array',
    excludeFirstName: 'boolean',
    excludeLastName: 'boolean',
    maxConsecutiveRepeatingCharacters: 'number',
  });

/** A code sent by email or SMS: "Resend" (`…-resend`). */
export const resend = (holder: string): Paths =>
  prefixed(`${holder}.value.resend`, { href: 'string', name: 'string', method: 'string', rel: 'array' });
/** Email: the widget polls (`…-poll`, AppState.getRefreshInterval reads `poll.refresh`). */
export const poll = (holder: string): Paths => ({
  ...prefixed(`${holder}.value.poll`, { href: 'string', name: 'string', rel: 'array' }),
  [`${holder}.value.poll.refresh`]: 'number',
});

/** views/email/*EmailView.js: the magic-link switch and where the mail went. */
export const email = (holder: string): Paths => ({
  [`${holder}.value.contextualData.useEmailMagicLink`]: 'boolean',
  [`${holder}.value.profile.email`]: 'string',
});
